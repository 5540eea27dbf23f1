BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:RegistryCredential = [pscredential]::new('registry-user', (ConvertTo-SecureString 'Registry-Pa55:word' -AsPlainText -Force))
}

Describe 'New-SaeDockerConfigSecretData' {
    BeforeEach { Reset-SaeEmulator }

    It 'builds a .dockerconfigjson map whose value is a SecureString' {
        $data = New-SaeDockerConfigSecretData -Server registry.cn-beijing.aliyuncs.com -Credential $RegistryCredential
        $data | Should -BeOfType ([hashtable])
        @($data.Keys) | Should -Be @('.dockerconfigjson')
        $data['.dockerconfigjson'] | Should -BeOfType ([securestring])
        ($data | Out-String) | Should -Not -Match 'Registry-Pa55'

        $json = ConvertFrom-SecureText $data['.dockerconfigjson'] | ConvertFrom-Json
        $login = $json.auths.'registry.cn-beijing.aliyuncs.com'
        $login.username | Should -Be 'registry-user'
        ($login.password -eq 'Registry-Pa55:word') | Should -BeTrue
        (ConvertFrom-Base64Utf8 $login.auth) -eq 'registry-user:Registry-Pa55:word' | Should -BeTrue
        $login.PSObject.Properties.Name | Should -Not -Contain 'email'
    }

    It 'puts several servers, and piped records with their own logins and e-mail, into one map' {
        $other = [pscredential]::new('hub-user', (ConvertTo-SecureString 'hub-pass' -AsPlainText -Force))
        $data = @(
            [pscustomobject]@{ Server = 'registry.cn-beijing.aliyuncs.com', 'registry-vpc.cn-beijing.aliyuncs.com'; Credential = $RegistryCredential }
            [pscustomobject]@{ Server = 'docker.io'; Credential = $other; Email = 'ops@example.com' }
        ) | New-SaeDockerConfigSecretData
        @($data).Count | Should -Be 1
        $json = ConvertFrom-SecureText $data['.dockerconfigjson'] | ConvertFrom-Json
        $json.auths.PSObject.Properties.Name | Should -Be @('registry.cn-beijing.aliyuncs.com', 'registry-vpc.cn-beijing.aliyuncs.com', 'docker.io')
        $json.auths.'docker.io'.username | Should -Be 'hub-user'
        $json.auths.'docker.io'.email | Should -Be 'ops@example.com'
    }

    It 'rejects a server given twice: RegistryServerDuplicate' {
        { New-SaeDockerConfigSecretData -Server a.example.com, A.example.com -Credential $RegistryCredential } |
            Should -Throw -ErrorId 'RegistryServerDuplicate,SaeSecret.PowerShell.Commands.NewSaeDockerConfigSecretDataCommand'
    }

    It 'feeds Update-SaeSecret: the emulator stores the docker config JSON' {
        $data = New-SaeDockerConfigSecretData -Server registry.cn-beijing.aliyuncs.com -Credential $RegistryCredential
        $result = Update-SaeSecret cn-beijing:test 17 -SecretData $data @Connection
        $result.Keys | Should -Be @('.dockerconfigjson')
        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 17
        (ConvertFrom-Base64Utf8 $stored.Data.'.dockerconfigjson' | ConvertFrom-Json).auths.'registry.cn-beijing.aliyuncs.com'.username | Should -Be 'registry-user'
    }
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
        @{ Label = 'a missing file'; ErrorId = 'TlsFileNotFound'; Which = 'Missing' }
    ) {
        $arguments = switch ($Which) {
            'NotPemCert' { @{ CertificatePath = $NotPem; KeyPath = $Key } }
            'NotPemKey' { @{ CertificatePath = $Cert; KeyPath = $Cert } }
            'Missing' { @{ CertificatePath = (Join-Path $work 'nope.crt'); KeyPath = $Key } }
        }
        { New-SaeTlsSecretData @arguments } | Should -Throw -ErrorId "$ErrorId,SaeSecret.PowerShell.Commands.NewSaeTlsSecretDataCommand"
    }
}

Describe 'Shell niceties' {
    It 'shows results in a table of NamespaceId, SecretId, Success, Keys and RequestId' {
        Reset-SaeEmulator
        $table = Update-SaeSecret cn-beijing:test 16 @{ a = '1'; b = '2' } @Connection | Format-Table | Out-String
        $table | Should -Match 'NamespaceId\s+SecretId\s+Success\s+Keys\s+RequestId'
        $table | Should -Match 'cn-beijing:test\s+16\s+True\s+a, b\s+\S+'
    }

    It 'completes -RegionId from the known regions' {
        $line = 'Update-SaeSecret -RegionId cn-h'
        $matches_ = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $matches_ | Should -Be @('cn-hangzhou', 'cn-heyuan', 'cn-hongkong')
    }

    It 'declares an output type on every cmdlet' {
        foreach ($command in Get-Command -Module SaeSecret -CommandType Cmdlet) {
            $command.OutputType | Should -Not -BeNullOrEmpty -Because "$($command.Name) should declare [OutputType]"
        }
    }
}
