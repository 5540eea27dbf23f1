BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "saesecret-rotation-$PID"
    New-Item -ItemType Directory -Force -Path $Work | Out-Null

    # The "What if:" line a command writes, read from a transcript (the host writes it, not a stream).
    function Get-WhatIfLine([scriptblock] $Command) {
        $transcript = Join-Path $Work "whatif-$([guid]::NewGuid()).txt"
        Start-Transcript -Path $transcript | Out-Null
        try { & $Command | Out-Null } finally { Stop-Transcript | Out-Null }
        $lines = @(Get-Content $transcript | Where-Object { $_ -like 'What if:*' })
        Remove-Item $transcript
        $lines
    }

    function Get-Writes { @(Get-SaeEmulatorRequest | Where-Object { $_.Service -eq 'sae' -and $_.Method -ne 'GET' }) }
}

AfterAll { Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue }

Describe 'What-if names the change key by key' {
    BeforeEach {
        Reset-SaeEmulator
        # app-config (16) holds k1; give it three more keys to change, keep and remove.
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Name 'app-config' -Data @{ k1 = (ConvertTo-Base64Utf8 'one'); keep = (ConvertTo-Base64Utf8 'same'); old = (ConvertTo-Base64Utf8 'x') }
    }

    It 'Update-SaeSecret: add, change, remove and unchanged, in that order' {
        $lines = Get-WhatIfLine { Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'two'; keep = 'same'; b = '1'; a = '2' } @Connection -WhatIf }
        $lines | Should -Be @('What if: Performing the operation "Update the secret''s data (add: a, b; change: k1; remove: old; unchanged: 1)" on target "cn-beijing:test/16".')
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'Update-SaeSecret -Merge: a $null removes, keys not given are unchanged' {
        $lines = Get-WhatIfLine { Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'two'; old = $null } -Merge @Connection -WhatIf }
        $lines | Should -Be @('What if: Performing the operation "Update the secret''s data (change: k1; remove: old; unchanged: 1)" on target "cn-beijing:test/16".')
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'Set-SaeSecret on a present secret' {
        $lines = Get-WhatIfLine { Set-SaeSecret 'cn-beijing:test' app-config @{ k1 = 'one'; keep = 'changed' } @Connection -WhatIf }
        $lines | Should -Be @('What if: Performing the operation "Update the secret''s data (change: keep; remove: old; unchanged: 1)" on target "cn-beijing:test/app-config (cn-beijing:test/16)".')
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'Set-SaeSecret of a new name adds every key' {
        $lines = Get-WhatIfLine { Set-SaeSecret 'cn-beijing:test' brand-new @{ z = '1'; y = '2' } @Connection -WhatIf }
        $lines | Should -Be @('What if: Performing the operation "Create the secret as Opaque (add: y, z)" on target "cn-beijing:test/brand-new".')
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'a read that fails leaves the key names and the reason, and writes nothing' {
        $lines = Get-WhatIfLine { Update-SaeSecret 'cn-beijing:test' 404 @{ b = '1'; a = '2' } @Connection -WhatIf }
        $lines | Should -Be @('What if: Performing the operation "Replace the secret''s data with keys: a, b (the current data could not be read: InvalidSecretId.NotFound)" on target "cn-beijing:test/404".')
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'without -WhatIf or -Confirm a plain update does not read first' {
        Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'two' } @Connection | Out-Null
        @(Get-SaeEmulatorRequest | Where-Object Service -EQ 'sae').Method | Should -Be @('PUT')
    }

    It 'no value appears in any What-if line' {
        $lines = Get-WhatIfLine { Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'WhatIfValue-9f3e' } @Connection -WhatIf }
        Assert-NoLeak -Text $lines -Secret 'WhatIfValue-9f3e', 'one', 'same' -Where 'the What-if line'
    }
}

Describe 'Restart warnings name the applications that use a changed secret' {
    BeforeEach { Reset-SaeEmulator }

    It 'Set-SaeSecret that updates a secret used by two applications warns once, naming both' {
        $result = Set-SaeSecret 'cn-beijing:test' app-config @{ k1 = 'rotated' } @Connection -WarningVariable warnings -WarningAction SilentlyContinue
        $result.Action | Should -Be 'Updated'
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Be ('Secret cn-beijing:test/16 (app-config) is used by web-frontend (a1b2c3d4-0000-4000-8000-000000000001), order-worker (a1b2c3d4-0000-4000-8000-000000000002). ' +
            'SAE gives the new data only to new instances: restart or redeploy these applications to see the change (-RestartApplications does it and waits).')
        $result.RelateApps.AppName | Should -Be @('web-frontend', 'order-worker')
    }

    It 'Update-SaeSecret -Merge warns and its result carries RelateApps' {
        $result = Update-SaeSecret 'cn-beijing:test' 16 @{ extra = 'x' } -Merge @Connection -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'web-frontend \(a1b2c3d4-0000-4000-8000-000000000001\)'
        $result.RelateApps.AppId | Should -Contain 'a1b2c3d4-0000-4000-8000-000000000002'
    }

    It 'no warning when nothing changed, when no application uses the secret, or for a plain update' {
        Set-SaeSecret 'cn-beijing:test' app-config @{ k1 = 'v1' } @Connection -WarningVariable w1 -WarningAction SilentlyContinue | Select-Object -ExpandProperty Action | Should -Be 'Unchanged'
        Set-SaeSecret 'cn-hangzhou:prod' prod-secret-1 @{ k = 'changed' } @Connection -WarningVariable w2 -WarningAction SilentlyContinue | Select-Object -ExpandProperty Action | Should -Be 'Updated'
        Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'plain' } @Connection -WarningVariable w3 -WarningAction SilentlyContinue | Out-Null
        Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'plain' } -Merge @Connection -WarningVariable w4 -WarningAction SilentlyContinue | Out-Null
        @($w1).Count + @($w2).Count + @($w3).Count + @($w4).Count | Should -Be 0
    }

    It 'no warning under -WhatIf' {
        Set-SaeSecret 'cn-beijing:test' app-config @{ k1 = 'rotated' } @Connection -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings).Count | Should -Be 0
    }
}

Describe 'New-SaeSecretData builds SecretData from .env files and files' {
    BeforeEach {
        Reset-SaeEmulator
        Push-Location $Work
    }
    AfterEach { Pop-Location }

    It 'values that would break a careless parser arrive byte for byte' {
        $envText = "`u{FEFF}# comment`r`nexport PLAIN =  EnvFileValue-3b7d=with#hash   # a comment   `r`nQUOTED=""EnvMultiLine-91c2\nsecond line""`r`nSINGLE='a \n literal # not a comment'`r`nMULTI=""line one`r`nline two""`r`nEMPTY=`r`n"
        [IO.File]::WriteAllText((Join-Path $Work 'app.env'), $envText, [Text.UTF8Encoding]::new($false))

        $data = New-SaeSecretData -EnvFile ./app.env
        $result = New-SaeSecret 'cn-beijing:test' from-env $data @Connection

        $data | Should -BeOfType ([System.Collections.Specialized.OrderedDictionary])
        @($data.Keys) | Should -Be @('PLAIN', 'QUOTED', 'SINGLE', 'MULTI', 'EMPTY')
        $stored = (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId $result.SecretId).Data
        (ConvertFrom-Base64Utf8 $stored.PLAIN) -ceq 'EnvFileValue-3b7d=with#hash' | Should -BeTrue
        (ConvertFrom-Base64Utf8 $stored.QUOTED) -ceq "EnvMultiLine-91c2`nsecond line" | Should -BeTrue
        (ConvertFrom-Base64Utf8 $stored.SINGLE) -ceq 'a \n literal # not a comment' | Should -BeTrue
        (ConvertFrom-Base64Utf8 $stored.MULTI) -ceq "line one`nline two" | Should -BeTrue
        $stored.EMPTY | Should -BeExactly ''
    }

    It 'files are read as bytes, keyed by file name or by key=path, with literal -Data' {
        [byte[]] $binary = 0, 1, 0xFF, 0xFE, 0x80, 0x0D, 0x0A, 0xC3
        [IO.File]::WriteAllBytes((Join-Path $Work 'keystore.p12'), $binary)
        $data = New-SaeSecretData -File ./keystore.p12, 'ca.crt=./keystore.p12' -Data @{ mode = 'strict' }
        Update-SaeSecret 'cn-beijing:test' 16 $data @Connection | Out-Null

        $stored = (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Data
        [Convert]::FromBase64String($stored.'keystore.p12') | Should -Be $binary
        [Convert]::FromBase64String($stored.'ca.crt') | Should -Be $binary
        ConvertFrom-Base64Utf8 $stored.mode | Should -Be 'strict'
    }

    It '<Case> is <ErrorId> naming the file and line, never the content' -TestCases @(
        @{ Case = 'a line without ='; Text = "A=1`nEnvFileValue-3b7d-no-equals"; ErrorId = 'EnvFileLineInvalid'; Line = 2 }
        @{ Case = 'an unterminated quote'; Text = "A=1`nB=""EnvFileValue-3b7d never closed"; ErrorId = 'EnvFileQuoteUnterminated'; Line = 2 }
        @{ Case = 'an invalid key'; Text = "EnvFileValue 3b7d=x"; ErrorId = 'SecretDataKeyInvalid'; Line = 1 }
    ) {
        Set-Content -Path (Join-Path $Work 'bad.env') -Value $Text -NoNewline
        $caught = $null
        try { New-SaeSecretData -EnvFile ./bad.env } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be "$ErrorId,SaeSecret.PowerShell.Commands.NewSaeSecretDataCommand"
        $caught.Exception.Message | Should -BeLike "./bad.env, line $Line, *"
        ($caught | Out-String) + $caught.Exception.Message | Should -Not -Match 'EnvFileValue'
    }

    It 'a key given twice across sources is an error naming both places' {
        Set-Content -Path (Join-Path $Work 'one.env') -Value "A=1`nTOKEN=x"
        $caught = $null
        try { New-SaeSecretData -EnvFile ./one.env -Data @{ TOKEN = 'y' } } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'SecretDataKeyDuplicate,SaeSecret.PowerShell.Commands.NewSaeSecretDataCommand'
        $caught.Exception.Message | Should -Be "The key 'TOKEN' is given twice: in ./one.env, line 2 and in -Data. (Parameter 'EnvFile')"
    }

    It 'a missing file is SecretDataFileNotFound and nothing is sent' {
        $caught = $null
        try { New-SaeSecretData -File ./missing.bin | Update-SaeSecret 'cn-beijing:test' 16 @Connection } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'SecretDataFileNotFound,SaeSecret.PowerShell.Commands.NewSaeSecretDataCommand'
        @(Get-SaeEmulatorRequest).Count | Should -Be 0
    }
}
