BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Values = @('HygieneValue-7d1c-α', 'Second+Value/With=Chars~* ', '🔐秘密-hygiene')
}

Describe 'No secret value or access key secret leaks' {
    BeforeEach { Reset-SaeEmulator }

    It 'Verbose and Debug name the call, the target and the keys, never a value' {
        $DebugPreference = 'Continue'
        $secure = ConvertTo-SecureString $Values[2] -AsPlainText -Force
        $streams = Update-SaeSecret 'cn-beijing:test' 16 @{ a = $Values[0]; b = $Values[1]; c = $secure } @Connection -Verbose -Debug *>&1
        $text = ($streams | ForEach-Object { "$_" }) -join "`n"

        $verbose = @($streams | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n"
        $verbose | Should -Match ([regex]::Escape($EmulatorUrl))
        $verbose | Should -Match 'cn-beijing:test'
        $verbose | Should -Match 'keys: a, b, c'
        $verbose | Should -Match 'RequestId'
        $debug = @($streams | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }) -join "`n"
        $debug | Should -Match 'the -Credential parameter'
        Assert-NoLeak -Text $text -Secret ($Values + $KeySecret) -Where 'the Verbose/Debug/output streams'
    }

    # The leak scan's query-only run leaves this out: there the query form carries the values by design.
    It 'the URL carries only the namespace and the secret id; the body carries the values' -Tag 'BodyForm' {
        Update-SaeSecret 'cn-beijing:test' 16 @{ a = $Values[0]; b = $Values[1] } @Connection | Out-Null
        $request = Get-SaeEmulatorRequest | Select-Object -Last 1
        $request.RawTarget | Should -Be '/pop/v1/sam/secret/secret?NamespaceId=cn-beijing%3Atest&SecretId=16'
        $headers = ($request.Headers.PSObject.Properties | ForEach-Object { "$($_.Name): $($_.Value)" }) -join "`n"
        Assert-NoLeak -Text $request.RawTarget, $headers -Secret ($Values + $KeySecret) -Where 'the request line or headers'
    }

    It 'errors, $Error and -ErrorVariable show no value' {
        Add-SaeEmulatorFault -Kind status -Status 400 -Code 'InvalidParameter.WithMessage' -Count -1
        $caught = $null
        try {
            Update-SaeSecret 'cn-beijing:test' 16 @{ a = $Values[0] } @Connection -ErrorVariable ev
        }
        catch {
            $caught = $_
        }
        $caught | Should -Not -BeNullOrEmpty
        $texts = @("$caught", $caught.Exception.ToString(), ($caught | Format-List * -Force | Out-String), ($Error[0] | Out-String), "$ev")
        Assert-NoLeak -Text $texts -Secret ($Values + $KeySecret) -Where 'the error record'
    }

    It 'a secret passed where SecretData belongs is not quoted by the binding error' {
        $caught = $null
        try { Update-SaeSecret 'cn-beijing:test' 16 $Values[0] @Connection } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        Assert-NoLeak -Text "$caught", ($caught | Format-List * -Force | Out-String) -Secret $Values[0] -Where 'the binding error'
    }

    It 'a secret passed where SecretId belongs is not quoted by the binding error' {
        $caught = $null
        try { Update-SaeSecret 'cn-beijing:test' $Values[0] @{ k = 'v' } @Connection } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        Assert-NoLeak -Text "$caught", ($caught | Format-List * -Force | Out-String), $caught.Exception.ToString() -Secret $Values[0] -Where 'the binding error'
        @(Get-SaeEmulatorRequest).Count | Should -Be 0
    }

    It 'a service message that quotes the SecretData is redacted before it reaches the error' {
        Add-SaeEmulatorFault -Kind status -Status 400 -Code 'InvalidParameter.WithMessage'
        $caught = $null
        try { Update-SaeSecret 'cn-beijing:test' 16 @{ a = $Values[0]; b = $Values[1] } @Connection } catch { $caught = $_ }
        $caught.Exception.ServiceMessage | Should -Match 'The parameter is invalid \{SecretData\}'
        $caught.Exception.ServiceMessage | Should -Match '\*\*\*'
        Assert-NoLeak -Text $caught.Exception.Message, $caught.Exception.ServiceMessage -Secret $Values[0], $Values[1] -Where 'the redacted service message'
    }

    It 'the result object and its ToString show key names only' {
        $result = Update-SaeSecret 'cn-beijing:test' 16 @{ a = $Values[0] } @Connection
        $texts = @($result.ToString(), ($result | Format-List * | Out-String), ($result | ConvertTo-Json))
        Assert-NoLeak -Text $texts -Secret ($Values + $KeySecret) -Where 'the result'
    }
}
