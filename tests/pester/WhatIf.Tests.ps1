# -WhatIf over every cmdlet that writes: no object, only reads sent, the store unchanged, and a What-if line that
# names keys but no value.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe '-WhatIf writes nothing: <Label>' -ForEach @(
    @{ Label = 'New-SaeSecret'; Command = 'New-SaeSecret'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'whatif-new'; SecretData = @{ k = 'WhatIfValue-9f3e' } }; Reads = @() }
    @{ Label = 'Set-SaeSecret, a new name'; Command = 'Set-SaeSecret'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'whatif-new'; SecretData = @{ k = 'WhatIfValue-9f3e' } }; Reads = @('ListSecrets') }
    @{ Label = 'Set-SaeSecret, other data'; Command = 'Set-SaeSecret'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'app-config'; SecretData = @{ k1 = 'WhatIfValue-9f3e' } }; Reads = @('ListSecrets', 'DescribeSecret') }
    @{ Label = 'Set-SaeSecret -Merge'; Command = 'Set-SaeSecret'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'app-config'; SecretData = @{ k2 = 'WhatIfValue-9f3e' }; Merge = $true }; Reads = @('ListSecrets', 'DescribeSecret') }
    # -WhatIf reads the current data to name the change key by key.
    @{ Label = 'Update-SaeSecret'; Command = 'Update-SaeSecret'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretId = 16; SecretData = @{ k1 = 'WhatIfValue-9f3e' } }; Reads = @('DescribeSecret') }
    @{ Label = 'Update-SaeSecret -Merge'; Command = 'Update-SaeSecret'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretId = 16; SecretData = @{ k2 = 'WhatIfValue-9f3e'; k1 = $null }; Merge = $true }; Reads = @('DescribeSecret') }
    @{ Label = 'Remove-SaeSecret'; Command = 'Remove-SaeSecret'; Params = @{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 5 }; Reads = @() }
    @{ Label = 'Remove-SaeSecret -Force'; Command = 'Remove-SaeSecret'; Params = @{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 5; Force = $true }; Reads = @() }
) {
    BeforeAll {
        Reset-SaeEmulator
        $script:Before = Get-StoreText
        $transcript = Join-Path ([IO.Path]::GetTempPath()) "saesecret-lifecycle-whatif-$([guid]::NewGuid()).txt"
        Start-Transcript -Path $transcript | Out-Null
        try {
            $script:Output = @(& $Command @Params @Connection -WhatIf)
        }
        finally {
            Stop-Transcript | Out-Null
        }
        $script:Text = Get-Content -Raw $transcript
        Remove-Item $transcript
    }

    It 'writes no object' {
        $Output.Count | Should -Be 0
    }

    It 'sends only the reads <Reads>' {
        (Get-SaeAction) -join ', ' | Should -Be ($Reads -join ', ')
        @(Get-WriteRequest).Count | Should -Be 0
        $stats = Get-SaeEmulatorStats
        $stats.SaeCreateSecret + $stats.SaeUpdateSecret + $stats.SaeDeleteSecret | Should -Be 0
    }

    It 'changes nothing in the store' {
        Get-StoreText | Should -BeExactly $Before
    }

    It 'says what it would do, naming keys but no value' {
        $Text | Should -Match 'What if: '
        Assert-NoLeak -Text $Text -Secret 'WhatIfValue-9f3e' -Where 'the WhatIf message'
    }
}
