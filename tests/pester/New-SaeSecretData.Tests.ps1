# New-SaeSecretData: SecretData built from .env files, files read as bytes and literal -Data, and the errors that
# name a file and line but never its content.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "saesecret-secretdata-$PID"
    New-Item -ItemType Directory -Force -Path $Work | Out-Null
}

AfterAll { Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue }

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

    It 'a folder given as -EnvFile or -File is SecretDataFileNotFound naming that parameter' {
        New-Item -ItemType Directory -Force -Path (Join-Path $Work 'config') | Out-Null
        $envFile = $null; $file = $null
        try { New-SaeSecretData -EnvFile ./config } catch { $envFile = $_ }
        try { New-SaeSecretData -File key=./config } catch { $file = $_ }
        $envFile.FullyQualifiedErrorId | Should -Be 'SecretDataFileNotFound,SaeSecret.PowerShell.Commands.NewSaeSecretDataCommand'
        $envFile.Exception.Message | Should -Be "-EnvFile './config' is a folder, not a file. (Parameter 'EnvFile')"
        $file.FullyQualifiedErrorId | Should -Be 'SecretDataFileNotFound,SaeSecret.PowerShell.Commands.NewSaeSecretDataCommand'
        $file.Exception.Message | Should -Be "-File './config' is a folder, not a file. (Parameter 'File')"
        # A folder whose name would be the key: refused as a folder, not as an empty key.
        $trailing = $null
        try { New-SaeSecretData -File ./config/ } catch { $trailing = $_ }
        $trailing.Exception.Message | Should -Be "-File './config/' is a folder, not a file. (Parameter 'File')"
    }

    It 'a path on another PowerShell drive is refused, not read from the file system' {
        Set-Content -Path (Join-Path $Work 'HOME') -Value 'TOP=read-from-the-wrong-place'
        $caught = $null
        try { New-SaeSecretData -EnvFile Env:HOME } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'SecretDataFileNotFound,SaeSecret.PowerShell.Commands.NewSaeSecretDataCommand'
        $caught.Exception.Message | Should -Be "-EnvFile 'Env:HOME' is not a file-system path (it names the Environment provider). (Parameter 'EnvFile')"
    }

    It 'a missing file is SecretDataFileNotFound and nothing is sent' {
        $caught = $null
        try { New-SaeSecretData -File ./missing.bin | Update-SaeSecret 'cn-beijing:test' 16 @Connection } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'SecretDataFileNotFound,SaeSecret.PowerShell.Commands.NewSaeSecretDataCommand'
        @(Get-SaeEmulatorRequest).Count | Should -Be 0
    }
}
