BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'Answers from a hostile or broken server' {
    BeforeEach { Reset-SaeEmulator }

    It 'a success naming another secret keeps the SecretId asked for and warns' {
        Add-SaeEmulatorFault -Kind otherId
        $result = Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } @Connection -WarningVariable warnings -WarningAction SilentlyContinue
        $result.SecretId | Should -Be 16
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'asked to update secret 16 but the service answered with SecretId 999'
    }

    It 'no warning when the service names the secret asked for' {
        Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } @Connection -WarningVariable warnings | Out-Null
        @($warnings).Count | Should -Be 0
    }

    It 'a gzip body inflating to 1 GiB fails with ResponseTooLarge after one attempt' {
        Add-SaeEmulatorFault -Kind inflate -Count -1
        $caught = $null
        try { Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } @Connection } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'ResponseTooLarge,SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand'
        $caught.Exception.Message | Should -Match 'larger than 4 MiB'
        $caught.CategoryInfo.Category | Should -Be 'InvalidResult'
        @(Get-SaeEmulatorRequest | Where-Object Service -EQ 'sae').Count | Should -Be 1
    }

    It 'control characters in a service code and message never reach the error record' {
        Add-SaeEmulatorFault -Kind status -Status 400 -Code "Bad`e[31mCode`r`nFAKE"
        $caught = $null
        try { Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } @Connection } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        foreach ($text in @($caught.FullyQualifiedErrorId, $caught.Exception.Message, $caught.Exception.ServiceMessage, ($caught | Out-String))) {
            $text | Should -Not -Match "[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]"
        }
        $caught.Exception.ErrorCode | Should -Be "Bad$([char]0xFFFD)[31mCode$([char]0xFFFD)$([char]0xFFFD)FAKE"
    }
}
