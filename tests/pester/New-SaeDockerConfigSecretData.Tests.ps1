# New-SaeDockerConfigSecretData: the .dockerconfigjson map (one or several registries, from parameters or the
# pipeline) and what it stores through Update-SaeSecret.
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
