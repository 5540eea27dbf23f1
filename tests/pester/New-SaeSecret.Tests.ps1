# New-SaeSecret: a secret created under a new name, its -SecretType spellings, value encodings, CSV rows by property
# name, and a taken name stopping a pipeline.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'New-SaeSecret' {
    BeforeEach { Reset-SaeEmulator }

    It 'creates an Opaque secret and writes its SecretInfo with the new id' {
        $created = New-SaeSecret -NamespaceId 'cn-beijing:test' -SecretName 'db-login' -SecretData @{ user = 'app'; password = $NewValue } @Connection

        $created.GetType() | Should -Be ([SaeSecret.SecretInfo])
        $created.NamespaceId | Should -Be 'cn-beijing:test'
        $created.SecretId | Should -Be 1000
        $created.SecretName | Should -Be 'db-login'
        $created.SecretType | Should -Be 'Opaque'

        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 1000
        $stored.Name | Should -Be 'db-login'
        $stored.Type | Should -Be 'Opaque'
        @($stored.Data.PSObject.Properties.Name | Sort-Object) | Should -Be @('password', 'user')
        Get-StoredText 'cn-beijing:test' 1000 'password' | Should -BeExactly $NewValue
        Get-StoredText 'cn-beijing:test' 1000 'user' | Should -BeExactly 'app'
        (Get-SaeEmulatorStats).SaeCreatesApplied | Should -Be 1

        $create = @(Get-SaeRequest | Where-Object { $_.Headers.'x-acs-action' -eq 'CreateSecret' }) | Select-Object -Last 1
        $create.Method | Should -Be 'POST'
        $create.Query.NamespaceId | Should -Be 'cn-beijing:test'
        $create.Query.SecretName | Should -Be 'db-login'
        $create.Query.SecretType | Should -Be 'Opaque'
        Get-SaeAction | Where-Object { $_ -ne 'CreateSecret' } | Should -BeNullOrEmpty -Because 'New-SaeSecret does not read first'
    }

    It 'the created secret is listed and described like any other' {
        $created = New-SaeSecret 'cn-beijing:test' 'fresh' @{ k = $NewValue } @Connection
        $listed = Get-SaeSecret 'cn-beijing:test' -SecretName 'fresh' @Connection
        $listed.SecretId | Should -Be $created.SecretId
        $listed.CreateTime | Should -Not -BeNullOrEmpty
        $described = $listed | Get-SaeSecret -AsPlainText @Connection
        $described.SecretData['k'] -ceq $NewValue | Should -BeTrue
    }

    It '-SecretType <Given> is sent and stored as <Wire>' -TestCases @(
        @{ Given = 'Opaque'; Wire = 'Opaque'; Keys = @('k') }
        @{ Given = 'opaque'; Wire = 'Opaque'; Keys = @('k') }
        @{ Given = 'DockerConfigJson'; Wire = 'kubernetes.io/dockerconfigjson'; Keys = @('.dockerconfigjson') }
        @{ Given = 'dockerconfigjson'; Wire = 'kubernetes.io/dockerconfigjson'; Keys = @('.dockerconfigjson') }
        @{ Given = 'Kubernetes.IO/DockerConfigJson'; Wire = 'kubernetes.io/dockerconfigjson'; Keys = @('.dockerconfigjson') }
        @{ Given = 'Tls'; Wire = 'kubernetes.io/tls'; Keys = @('tls.crt', 'tls.key') }
        @{ Given = 'TLS'; Wire = 'kubernetes.io/tls'; Keys = @('tls.crt', 'tls.key') }
        @{ Given = 'kubernetes.io/tls'; Wire = 'kubernetes.io/tls'; Keys = @('tls.crt', 'tls.key') }
    ) {
        $data = @{}
        foreach ($key in $Keys) { $data[$key] = "value of $key" }
        $created = New-SaeSecret 'cn-beijing:test' 'typed' $data -SecretType $Given @Connection
        $created.SecretType | Should -BeExactly $Wire
        (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId $created.SecretId).Type | Should -BeExactly $Wire
        (Get-SaeRequest | Select-Object -Last 1).Query.SecretType | Should -BeExactly $Wire
    }

    It 'encodes SecureString, byte[] and number values, and sends -Base64Encoded ones as they are' {
        $secure = ConvertTo-SecureString $NewValue -AsPlainText -Force
        [byte[]] $bytes = 0, 255, 254, 128
        $plain = New-SaeSecret 'cn-beijing:test' 'mixed' @{ secure = $secure; bytes = $bytes; number = 42 } @Connection
        $encoded = New-SaeSecret 'cn-beijing:test' 'encoded' @{ cert = 'LS0tLS1CRUdJTg=='; blank = '' } -Base64Encoded @Connection

        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId $plain.SecretId
        ConvertFrom-Base64Utf8 $stored.Data.secure | Should -BeExactly $NewValue
        $stored.Data.bytes | Should -BeExactly 'AP/+gA=='
        ConvertFrom-Base64Utf8 $stored.Data.number | Should -BeExactly '42'
        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId $encoded.SecretId
        $stored.Data.cert | Should -BeExactly 'LS0tLS1CRUdJTg=='
        $stored.Data.blank | Should -BeExactly ''
    }

    It 'takes CSV rows by property name, with the Name and Type aliases and JSON SecretData' {
        $csv = Join-Path $TestDrive 'new-secrets.csv'
        @'
NamespaceId,Name,Type,SecretData
cn-hangzhou:prod,api-one,,"{""api-key"":""one""}"
cn-beijing:test,api-tls,Tls,"{""tls.crt"":""c"",""tls.key"":""k""}"
'@ | Set-Content -Path $csv -Encoding utf8

        $created = @(Import-Csv $csv | New-SaeSecret @Connection)

        $created.SecretName | Should -Be @('api-one', 'api-tls')
        $created.NamespaceId | Should -Be @('cn-hangzhou:prod', 'cn-beijing:test')
        $created.SecretType | Should -Be @('Opaque', 'kubernetes.io/tls')
        Get-StoredText 'cn-hangzhou:prod' $created[0].SecretId 'api-key' | Should -BeExactly 'one'
        Get-StoredText 'cn-beijing:test' $created[1].SecretId 'tls.key' | Should -BeExactly 'k'
    }

    It 'a name already taken stops a pipeline: the record before is created, none after' {
        $written = [System.Collections.Generic.List[object]]::new()
        $record = Get-ErrorRecord {
            @(
                [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretName = 'first'; SecretData = @{ k = 'v' } }
                [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretName = 'app-config'; SecretData = @{ k = 'v' } }
                [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretName = 'third'; SecretData = @{ k = 'v' } }
            ) | New-SaeSecret @Connection | ForEach-Object { $written.Add($_) }
        }
        $record.FullyQualifiedErrorId | Should -Be "SecretNameConflict.AlreadyExist,$NewId"
        $written.SecretName | Should -Be @('first')
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-beijing:test').Name | Should -Not -Contain 'third'
    }
}
