# New-SaeTlsSecretData: tls.crt and tls.key read from PEM files byte for byte (the key as a SecureString), and the
# files it refuses.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'New-SaeTlsSecretData' {
    BeforeAll {
        $work = Join-Path ([IO.Path]::GetTempPath()) "saesecret-tls-$PID"
        New-Item -ItemType Directory -Force -Path $work | Out-Null
        $script:Cert = Join-Path $work 'tls.crt'
        $script:Key = Join-Path $work 'tls.key'
        $script:NotPem = Join-Path $work 'cert.der'
        Set-Content -Path $Cert -Value "-----BEGIN CERTIFICATE-----`nMIIBcertificate`n-----END CERTIFICATE-----" -NoNewline
        Set-Content -Path $Key -Value "-----BEGIN EC PRIVATE KEY-----`nMHcCAQEEIkey`n-----END EC PRIVATE KEY-----" -NoNewline
        [IO.File]::WriteAllBytes($NotPem, [byte[]](0x30, 0x82, 0x01, 0x0a))
    }
    BeforeEach { Reset-SaeEmulator }

    It 'returns tls.crt as the file bytes and tls.key as a SecureString' {
        $data = New-SaeTlsSecretData -CertificatePath $Cert -KeyPath $Key
        @($data.Keys | Sort-Object) | Should -Be @('tls.crt', 'tls.key')
        [Convert]::ToBase64String($data['tls.crt']) | Should -Be ([Convert]::ToBase64String([IO.File]::ReadAllBytes($Cert)))
        $data['tls.key'] | Should -BeOfType ([securestring])
        (ConvertFrom-SecureText $data['tls.key']) -eq [IO.File]::ReadAllText($Key) | Should -BeTrue
    }

    It 'feeds Update-SaeSecret for a kubernetes.io/tls secret' {
        Update-SaeSecret cn-beijing:test 18 (New-SaeTlsSecretData $Cert $Key) @Connection | Out-Null
        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 18
        $stored.Data.'tls.crt' | Should -Be ([Convert]::ToBase64String([IO.File]::ReadAllBytes($Cert)))
        $stored.Data.'tls.key' | Should -Be ([Convert]::ToBase64String([IO.File]::ReadAllBytes($Key)))
    }

    It 'keeps a key file byte for byte, a UTF-8 BOM and non-ASCII comment lines included' {
        $bomKey = Join-Path $work 'bom.key'
        $bytes = [byte[]](0xEF, 0xBB, 0xBF) + [Text.Encoding]::UTF8.GetBytes("friendlyName: clé-ü`n-----BEGIN PRIVATE KEY-----`nMIIEkey`n-----END PRIVATE KEY-----`n")
        [IO.File]::WriteAllBytes($bomKey, $bytes)
        Update-SaeSecret cn-beijing:test 18 (New-SaeTlsSecretData $Cert $bomKey) @Connection | Out-Null
        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 18
        [Convert]::ToHexString([Convert]::FromBase64String($stored.Data.'tls.key')) | Should -Be ([Convert]::ToHexString($bytes))
    }

    It 'rejects <Label>: <ErrorId>' -TestCases @(
        @{ Label = 'a certificate that is not PEM'; ErrorId = 'TlsCertificateNotPem'; Which = 'NotPemCert' }
        @{ Label = 'a key that is not PEM'; ErrorId = 'TlsKeyNotPem'; Which = 'NotPemKey' }
        @{ Label = 'a missing file'; ErrorId = 'SecretDataFileNotFound'; Which = 'Missing' }
    ) {
        $arguments = switch ($Which) {
            'NotPemCert' { @{ CertificatePath = $NotPem; KeyPath = $Key } }
            'NotPemKey' { @{ CertificatePath = $Cert; KeyPath = $Cert } }
            'Missing' { @{ CertificatePath = (Join-Path $work 'nope.crt'); KeyPath = $Key } }
        }
        { New-SaeTlsSecretData @arguments } | Should -Throw -ErrorId "$ErrorId,SaeSecret.PowerShell.Commands.NewSaeTlsSecretDataCommand"
    }

    It 'refuses a folder, naming the parameter' {
        $caught = $null
        try { New-SaeTlsSecretData -CertificatePath $work -KeyPath $Key } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'SecretDataFileNotFound,SaeSecret.PowerShell.Commands.NewSaeTlsSecretDataCommand'
        $caught.Exception.Message | Should -Be "-CertificatePath '$work' is a folder, not a file. (Parameter 'CertificatePath')"
    }

    It 'refuses a path on another PowerShell drive instead of reading a file of that name in the process folder' {
        # Env:HOME's provider path is "HOME": a file of that name where the process runs would have been read.
        Copy-Item $Key (Join-Path $work 'HOME')
        $saved = [Environment]::CurrentDirectory
        [Environment]::CurrentDirectory = $work
        try {
            $caught = $null
            try { New-SaeTlsSecretData -CertificatePath $Cert -KeyPath Env:HOME } catch { $caught = $_ }
        }
        finally {
            [Environment]::CurrentDirectory = $saved
        }
        $caught.FullyQualifiedErrorId | Should -Be 'SecretDataFileNotFound,SaeSecret.PowerShell.Commands.NewSaeTlsSecretDataCommand'
        $caught.Exception.Message | Should -Be "-KeyPath 'Env:HOME' is not a file-system path (it names the Environment provider). (Parameter 'KeyPath')"
    }
}
