# The secret lifecycle, write side: New-SaeSecret, Set-SaeSecret (desired state), Update-SaeSecret -Merge and
# Remove-SaeSecret, the pipelines that feed them, -WhatIf/-Confirm/-Force, and byte-for-byte round trips.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    # A stored data map as text with its keys in ordinal order (the emulator keeps whatever order it was given).
    function Get-DataText([object] $Data) {
        $sorted = [ordered]@{}
        foreach ($name in [string[]]@($Data.PSObject.Properties.Name) | Sort-Object -Culture '' -CaseSensitive) { $sorted[$name] = $Data.$name }
        $sorted | ConvertTo-Json -Compress
    }

    # Runs the script in a runspace of its own, with no host: a confirmation prompt there fails (HostFunctionNotImplemented).
    function Invoke-WithoutHost([string] $Script, [object[]] $Arguments) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:SAESECRET_MODULE_PATH).AddStatement().AddScript($Script)
            foreach ($argument in $Arguments) { $null = $ps.AddArgument($argument) }
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = @($output); Errors = @($ps.Streams.Error) }
        }
        finally {
            $ps.Dispose()
        }
    }
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

Describe 'Set-SaeSecret applies a desired state by name' {
    BeforeEach { Reset-SaeEmulator }

    It 'Created: a name the namespace does not hold is created; the result has the new id and the RequestId of the write' {
        $result = Set-SaeSecret -NamespaceId 'cn-beijing:test' -SecretName 'new-config' -SecretData @{ k = $NewValue } @Connection

        $result.GetType() | Should -Be ([SaeSecret.SetSecretResult])
        $result.Action | Should -Be ([SaeSecret.SetSecretAction]::Created)
        $result.NamespaceId | Should -Be 'cn-beijing:test'
        $result.SecretName | Should -Be 'new-config'
        $result.SecretType | Should -Be 'Opaque'
        $result.SecretId | Should -Be 1000
        $result.RelateApps.Count | Should -Be 0
        Get-StoredText 'cn-beijing:test' 1000 'k' | Should -BeExactly $NewValue
        Get-SaeAction | Where-Object { $_ -ne 'CreateSecret' } | Should -Be @('ListSecrets') -Because 'a new name needs no DescribeSecret'
        (Get-SaeEmulatorStats).SaeCreatesApplied | Should -Be 1
        $result.RequestId | Should -Not -BeNullOrEmpty -Because 'the help says the result carries the RequestId of the write, and CreateSecret was one'
    }

    It 'Updated: a present secret with other data is replaced, with the RequestId of the write and the apps that use it' {
        $result = Set-SaeSecret 'cn-beijing:test' 'app-config' @{ password = $NewValue } @Connection

        $result.Action | Should -Be 'Updated'
        $result.SecretId | Should -Be 16
        $result.RequestId | Should -Not -BeNullOrEmpty
        $result.RelateApps.AppName | Should -Be @('web-frontend', 'order-worker')
        $result.RelateApps[0] | Should -BeOfType ([SaeSecret.SecretApp])
        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16
        @($stored.Data.PSObject.Properties.Name) | Should -Be @('password') -Because 'without -Merge the given data is the whole map'
        $stored.Version | Should -Be 1
        Get-SaeAction | Where-Object { $_ -ne 'UpdateSecret' } | Should -Be @('ListSecrets', 'DescribeSecret')
    }

    It 'Unchanged: the same data (<Label>) writes nothing' -TestCases @(
        @{ Label = 'as text'; Data = @{ k1 = 'v1' }; Base64 = $false }
        @{ Label = 'as base64'; Data = @{ k1 = 'djE=' }; Base64 = $true }
        @{ Label = 'as bytes'; Data = @{ k1 = [byte[]](0x76, 0x31) }; Base64 = $false }
        @{ Label = 'as JSON text'; Data = '{"k1":"v1"}'; Base64 = $false }
    ) {
        $result = Set-SaeSecret 'cn-beijing:test' 'app-config' $Data -Base64Encoded:$Base64 @Connection

        $result.Action | Should -Be 'Unchanged'
        $result.SecretId | Should -Be 16
        $result.RequestId | Should -BeNullOrEmpty
        $result.RelateApps.AppName | Should -Be @('web-frontend', 'order-worker')
        $stats = Get-SaeEmulatorStats
        $stats.SaeUpdateSecret | Should -Be 0
        $stats.SaeCreateSecret | Should -Be 0
        $stats.SaeListSecrets | Should -Be 1
        $stats.SaeDescribeSecret | Should -Be 1
        (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Version | Should -Be 0
    }

    It '-SecretType: the type of a present secret must be given; DockerConfigJson matches kubernetes.io/dockerconfigjson' {
        $result = Set-SaeSecret 'cn-beijing:test' 'registry-login' @{ '.dockerconfigjson' = '{"auths":{}}' } -SecretType DockerConfigJson @Connection
        $result.Action | Should -Be 'Unchanged'
        $result.SecretType | Should -Be 'kubernetes.io/dockerconfigjson'
    }

    It 'SecretTypeMismatch: a present secret of another type stops before it is read or written' {
        $record = Get-ErrorRecord { Set-SaeSecret 'cn-beijing:test' 'registry-login' @{ k = 'v' } @Connection }
        $record.FullyQualifiedErrorId | Should -Be "SecretTypeMismatch,$SetId"
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.Exception.Message | Should -Match 'kubernetes\.io/dockerconfigjson'
        $record.TargetObject | Should -Be 'cn-beijing:test/registry-login'
        Get-SaeAction | Should -Be @('ListSecrets')
    }

    It 'SecretDataRequiredKeyMissing: a present tls secret without tls.key is refused after the read, before a write' {
        $record = Get-ErrorRecord { Set-SaeSecret 'cn-beijing:test' 'web-tls' @{ 'tls.crt' = 'c' } -SecretType Tls @Connection }
        $record.FullyQualifiedErrorId | Should -Be "SecretDataRequiredKeyMissing,$SetId"
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-WriteRequest).Count | Should -Be 0
    }

    It 'SecretDataRequiredKeyMissing: a new tls secret without tls.key is refused before a write' {
        $record = Get-ErrorRecord { Set-SaeSecret 'cn-beijing:test' 'new-tls' @{ 'tls.crt' = 'c' } -SecretType Tls @Connection }
        $record.FullyQualifiedErrorId | Should -Be "SecretDataRequiredKeyMissing,$SetId"
        @(Get-WriteRequest).Count | Should -Be 0
    }

    It '-Merge: the given keys are laid over the present data (Updated), the same again is Unchanged' {
        $merged = Set-SaeSecret 'cn-beijing:test' 'app-config' @{ password = $MergeValue } -Merge @Connection
        $merged.Action | Should -Be 'Updated'
        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16
        @($stored.Data.PSObject.Properties.Name | Sort-Object) | Should -Be @('k1', 'password')
        $stored.Data.k1 | Should -BeExactly 'djE='
        Get-StoredText 'cn-beijing:test' 16 'password' | Should -BeExactly $MergeValue

        $again = Set-SaeSecret 'cn-beijing:test' 'app-config' @{ password = $MergeValue } -Merge @Connection
        $again.Action | Should -Be 'Unchanged'
        (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Version | Should -Be 1
    }

    It '-Merge: a $null value removes the key; removing a key that is not there changes nothing' {
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Data @{ k1 = 'djE='; k2 = 'djI=' }
        (Set-SaeSecret 'cn-beijing:test' 'app-config' @{ k2 = $null } -Merge @Connection).Action | Should -Be 'Updated'
        @((Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Data.PSObject.Properties.Name) | Should -Be @('k1')
        (Set-SaeSecret 'cn-beijing:test' 'app-config' @{ gone = $null } -Merge @Connection).Action | Should -Be 'Unchanged'
    }

    It '-Merge for a name not present: created with the keys to set; with only keys to remove, SecretDataEmpty and nothing written' {
        $created = Set-SaeSecret 'cn-beijing:test' 'merged-new' @{ a = 'x'; b = $null } -Merge @Connection
        $created.Action | Should -Be 'Created'
        @((Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId $created.SecretId).Data.PSObject.Properties.Name) | Should -Be @('a')

        $record = Get-ErrorRecord { Set-SaeSecret 'cn-beijing:test' 'nothing-here' @{ b = $null } -Merge @Connection }
        $record.FullyQualifiedErrorId | Should -Be "SecretDataEmpty,$SetId"
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-SaeEmulatorStats).SaeCreateSecret | Should -Be 1
    }

    It 'the same new name twice in one pipeline: created once, then found in the listing already made' {
        $records = 1..2 | ForEach-Object { [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretName = 'twice'; SecretData = @{ k = 'same' } } }
        $results = @($records | Set-SaeSecret @Connection)
        $results.Action | Should -Be @('Created', 'Unchanged')
        $results[1].SecretId | Should -Be $results[0].SecretId
        $stats = Get-SaeEmulatorStats
        $stats.SaeListSecrets | Should -Be 1
        $stats.SaeCreatesApplied | Should -Be 1
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod' | Where-Object Name -EQ 'twice').Count | Should -Be 1
    }

    It 'an unknown namespace: InvalidNamespaceId.NotFound from the listing, nothing written' {
        $record = Get-ErrorRecord { Set-SaeSecret 'cn-beijing:nope' 'x' @{ k = 'v' } @Connection }
        $record.FullyQualifiedErrorId | Should -Be "InvalidNamespaceId.NotFound,$SetId"
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        @(Get-WriteRequest).Count | Should -Be 0
    }
}

Describe 'CSV -> Set-SaeSecret: one ListSecrets per namespace per pipeline' {
    BeforeAll {
        Reset-SaeEmulator
        $csv = Join-Path $TestDrive 'desired.csv'
        # Five rows in two namespaces: unchanged, updated and created in cn-hangzhou:prod; unchanged and created in cn-beijing:test.
        @"
NamespaceId,SecretName,SecretType,SecretData
cn-hangzhou:prod,prod-secret-1,,"{""k"":""v""}"
cn-beijing:test,app-config,Opaque,"{""k1"":""v1""}"
cn-hangzhou:prod,prod-secret-2,,"{""k"":""$CsvValue""}"
cn-hangzhou:prod,payment-api,,"{""api-key"":""$CsvValue"",""region"":""cn""}"
cn-beijing:test,ci-token,opaque,"{""token"":""$CsvValue""}"
"@ | Set-Content -Path $csv -Encoding utf8
        $script:Rows = @(Import-Csv $csv)
        $script:Results = @($Rows | Set-SaeSecret @Connection)
        $script:Stats = Get-SaeEmulatorStats
    }

    It 'the rows are plain CSV text (SecretData a JSON string, SecretType blank or text)' {
        $Rows.Count | Should -Be 5
        $Rows[0].SecretData | Should -BeOfType ([string])
        $Rows[0].SecretType | Should -Be ''
    }

    It 'one result per row, in order, with the action taken' {
        $Results.Count | Should -Be 5
        foreach ($result in $Results) { $result.GetType() | Should -Be ([SaeSecret.SetSecretResult]) }
        $Results.SecretName | Should -Be @('prod-secret-1', 'app-config', 'prod-secret-2', 'payment-api', 'ci-token')
        $Results.Action | Should -Be @('Unchanged', 'Unchanged', 'Updated', 'Created', 'Created')
        $Results.SecretType | Should -Be @('Opaque', 'Opaque', 'Opaque', 'Opaque', 'Opaque')
        $Results[0].SecretId | Should -Be 1
        $Results[2].SecretId | Should -Be 2
    }

    It 'each namespace was listed once: SaeListSecrets = 2' {
        $Stats.SaeListSecrets | Should -Be 2
        @(Get-SaeRequest | Where-Object { $_.Headers.'x-acs-action' -eq 'ListSecrets' }).Query.NamespaceId | Should -Be @('cn-hangzhou:prod', 'cn-beijing:test')
    }

    It 'only the changed and the new secrets were written' {
        $Stats.SaeUpdatesApplied | Should -Be 1
        $Stats.SaeCreatesApplied | Should -Be 2
        $Stats.SaeDescribeSecret | Should -Be 3 -Because 'only the present secrets are read to compare'
        (Get-SaeEmulatorSecret -NamespaceId 'cn-hangzhou:prod' -SecretId 1).Version | Should -Be 0
        (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Version | Should -Be 0
        (Get-SaeEmulatorSecret -NamespaceId 'cn-hangzhou:prod' -SecretId 2).Version | Should -Be 1
    }

    It 'the stored values are the CSV values' {
        Get-StoredText 'cn-hangzhou:prod' 2 'k' | Should -BeExactly $CsvValue
        Get-StoredText 'cn-hangzhou:prod' $Results[3].SecretId 'api-key' | Should -BeExactly $CsvValue
        Get-StoredText 'cn-hangzhou:prod' $Results[3].SecretId 'region' | Should -BeExactly 'cn'
        Get-StoredText 'cn-beijing:test' $Results[4].SecretId 'token' | Should -BeExactly $CsvValue
    }

    It 'a second pipeline lists again (the listing is per pipeline) and now finds everything unchanged' {
        $before = (Get-SaeEmulatorStats).SaeListSecrets
        $again = @($Rows | Set-SaeSecret @Connection)
        $again.Action | Should -Be @('Unchanged', 'Unchanged', 'Unchanged', 'Unchanged', 'Unchanged')
        (Get-SaeEmulatorStats).SaeListSecrets - $before | Should -Be 2
        (Get-SaeEmulatorStats).SaeUpdatesApplied | Should -Be 1
        (Get-SaeEmulatorStats).SaeCreatesApplied | Should -Be 2
    }
}

Describe 'Update-SaeSecret -Merge' {
    BeforeEach { Reset-SaeEmulator }

    It 'keeps the other keys and adds or changes the given ones; the result names the keys written' {
        $result = Update-SaeSecret 'cn-beijing:test' 16 @{ password = $MergeValue } -Merge @Connection

        $result.GetType() | Should -Be ([SaeSecret.UpdateSecretResult])
        $result.Keys | Should -Be @('k1', 'password')
        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16
        $stored.Data.k1 | Should -BeExactly 'djE='
        Get-StoredText 'cn-beijing:test' 16 'password' | Should -BeExactly $MergeValue
        Get-SaeAction | Where-Object { $_ -ne 'UpdateSecret' } | Should -Be @('DescribeSecret')
        $stored.Version | Should -Be 1
    }

    It 'a $null value removes that key, in the same call as keys set' {
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Data @{ k1 = 'djE='; k2 = 'djI='; k3 = 'djM=' }
        $result = Update-SaeSecret 'cn-beijing:test' 16 @{ k2 = $null; k4 = 'four' } -Merge @Connection
        $result.Keys | Should -Be @('k1', 'k3', 'k4')
        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16
        @($stored.Data.PSObject.Properties.Name | Sort-Object) | Should -Be @('k1', 'k3', 'k4')
        $stored.Data.k3 | Should -BeExactly 'djM='
    }

    It 'removing the last key is SecretDataEmpty: read, but nothing written' {
        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = $null } -Merge @Connection }
        $record.FullyQualifiedErrorId | Should -Be "SecretDataEmpty,$UpdateId"
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.Exception.Message | Should -Match 'Remove-SaeSecret'
        "$($record.TargetObject)" | Should -Be 'cn-beijing:test/16'
        Get-SaeAction | Should -Be @('DescribeSecret')
        (Get-SaeEmulatorStats).SaeUpdateSecret | Should -Be 0
        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16
        $stored.Version | Should -Be 0
        $stored.Data.k1 | Should -BeExactly 'djE='
    }

    It 'an empty map is SecretDataEmpty before anything is sent' {
        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 16 @{} -Merge @Connection }
        $record.FullyQualifiedErrorId | Should -Be "SecretDataEmpty,$UpdateId"
        @(Get-SaeRequest).Count | Should -Be 0
    }

    It 'a secret that does not exist: InvalidSecretId.NotFound from the read, nothing written' {
        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 4242 @{ k = 'v' } -Merge @Connection }
        $record.FullyQualifiedErrorId | Should -Be "InvalidSecretId.NotFound,$UpdateId"
        Get-SaeAction | Should -Be @('DescribeSecret')
    }

    It 'keeps a binary value of another key byte for byte' {
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Data @{ bin = 'AP/+gA=='; k1 = 'djE=' }
        Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'changed' } -Merge @Connection | Out-Null
        (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Data.bin | Should -BeExactly 'AP/+gA=='
    }
}

Describe 'Byte-for-byte round trips: Get-SaeSecret | Update-SaeSecret' {
    BeforeEach {
        Reset-SaeEmulator
        # Not UTF-8, valid UTF-8 in several scripts, a NUL, an empty value.
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Data @{
            bin   = [Convert]::ToBase64String([byte[]](0, 255, 254, 128))
            cesu  = [Convert]::ToBase64String([byte[]](0xED, 0xA0, 0x80))
            text  = ConvertTo-Base64Utf8 '密码：秘密の鍵 🔐 pässwörd'
            nul   = [Convert]::ToBase64String([byte[]](0x41, 0, 0x42))
            empty = ''
        }
    }

    It 'a described secret (<Label>) piped into Update-SaeSecret rewrites exactly the stored bytes: <Namespace>/<Id>' -TestCases @(
        @{ Label = 'SecureString values'; Namespace = 'cn-beijing:test'; Id = 16; Plain = $false }
        @{ Label = '-AsPlainText values'; Namespace = 'cn-beijing:test'; Id = 16; Plain = $true }
        @{ Label = 'a registry login'; Namespace = 'cn-beijing:test'; Id = 17; Plain = $false }
        @{ Label = 'a TLS pair'; Namespace = 'cn-beijing:test'; Id = 18; Plain = $true }
        @{ Label = 'a percent-encoded namespace'; Namespace = "cn-hangzhou:ns with space*~!'()"; Id = 9007199254740993; Plain = $false }
    ) {
        $before = Get-SaeEmulatorSecret -NamespaceId $Namespace -SecretId $Id

        $result = Get-SaeSecret -NamespaceId $Namespace -SecretId $Id -AsPlainText:$Plain @Connection | Update-SaeSecret @Connection

        $result.Success | Should -BeTrue
        $after = Get-SaeEmulatorSecret -NamespaceId $Namespace -SecretId $Id
        $after.Version | Should -Be ($before.Version + 1) -Because 'the data was really written again'
        Get-DataText $after.Data | Should -BeExactly (Get-DataText $before.Data)
    }

    It 'list -> describe -> update, a whole namespace in one pipeline, changes no byte' {
        $before = Get-SaeEmulatorSecretList -NamespaceId 'cn-beijing:test' | ForEach-Object { Get-DataText $_.Data }
        $results = @(Get-SaeSecret 'cn-beijing:test' @Connection | Get-SaeSecret @Connection | Update-SaeSecret @Connection)
        $results.SecretId | Should -Be @(16, 17, 18)
        $after = Get-SaeEmulatorSecretList -NamespaceId 'cn-beijing:test' | ForEach-Object { Get-DataText $_.Data }
        $after | Should -BeExactly $before
        (Get-SaeEmulatorStats).SaeUpdatesApplied | Should -Be 3
    }

    It 'Set-SaeSecret of a described secret''s own data is Unchanged, binary values included' {
        $secret = Get-SaeSecret 'cn-beijing:test' -SecretId 16 @Connection
        $result = Set-SaeSecret 'cn-beijing:test' 'app-config' $secret.SecretData @Connection
        $result.Action | Should -Be 'Unchanged'
        (Get-SaeEmulatorStats).SaeUpdateSecret | Should -Be 0
    }
}

Describe 'Remove-SaeSecret' {
    BeforeEach { Reset-SaeEmulator }

    It '-Force deletes without asking and writes nothing' {
        $output = @(Remove-SaeSecret -NamespaceId 'cn-hangzhou:prod' -SecretId 5 -Force @Connection)

        $output.Count | Should -Be 0
        Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod' | ForEach-Object SecretId | Should -Not -Contain '5'
        (Get-SaeEmulatorStats).SaeDeletesApplied | Should -Be 1
        $delete = Get-SaeRequest | Select-Object -Last 1
        $delete.Method | Should -Be 'DELETE'
        $delete.Headers.'x-acs-action' | Should -Be 'DeleteSecret'
        $delete.Query.NamespaceId | Should -Be 'cn-hangzhou:prod'
        $delete.Query.SecretId | Should -Be '5'
    }

    It 'in a host that cannot ask: -Force deletes; without it, or with -Force -Confirm, the prompt fails and nothing is sent' {
        $script = 'param($Endpoint, $Credential, $Id, $Extra) Remove-SaeSecret -NamespaceId cn-hangzhou:prod -SecretId $Id -Endpoint $Endpoint -Credential $Credential @Extra'
        $asked = Invoke-WithoutHost $script @($EmulatorUrl, $Credential, 5, @{})
        $confirmed = Invoke-WithoutHost $script @($EmulatorUrl, $Credential, 6, @{ Force = $true; Confirm = $true })
        $forced = Invoke-WithoutHost $script @($EmulatorUrl, $Credential, 7, @{ Force = $true })
        $noConfirm = Invoke-WithoutHost $script @($EmulatorUrl, $Credential, 8, @{ Confirm = $false })

        $asked.Errors.Count | Should -Be 1
        $asked.Errors[0].FullyQualifiedErrorId | Should -Be "HostFunctionNotImplemented,$RemoveId"
        $confirmed.Errors.Count | Should -Be 1
        $confirmed.Errors[0].FullyQualifiedErrorId | Should -Be "HostFunctionNotImplemented,$RemoveId"
        $forced.Errors.Count | Should -Be 0
        $noConfirm.Errors.Count | Should -Be 0
        $remaining = @(Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod').SecretId
        $remaining | Should -Contain '5'
        $remaining | Should -Contain '6'
        $remaining | Should -Not -Contain '7'
        $remaining | Should -Not -Contain '8'
        @(Get-SaeRequest).Query.SecretId | Should -Be @('7', '8')
    }

    It '-WhatIf wins over -Force, as does $WhatIfPreference: nothing is sent' {
        Remove-SaeSecret 'cn-hangzhou:prod' 5 -WhatIf @Connection
        Remove-SaeSecret 'cn-hangzhou:prod' 6 -WhatIf -Force @Connection
        & {
            $WhatIfPreference = $true
            Remove-SaeSecret 'cn-hangzhou:prod' 7 -Force @Connection
        }
        @(Get-SaeRequest).Count | Should -Be 0
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod').Count | Should -Be 20
    }

    It '-WhatIf -Force names the secret it would delete' {
        $transcript = Join-Path ([IO.Path]::GetTempPath()) "saesecret-lifecycle-whatif-$([guid]::NewGuid()).txt"
        Start-Transcript -Path $transcript | Out-Null
        try {
            Remove-SaeSecret 'cn-hangzhou:prod' 5 -WhatIf -Force @Connection
        }
        finally {
            Stop-Transcript | Out-Null
        }
        $text = Get-Content -Raw $transcript
        Remove-Item $transcript
        $text | Should -Match 'What if: .*"cn-hangzhou:prod/5"'
    }

    It 'a secret used by applications: DependencyViolation.Application names them; deleted once they let go' {
        $record = Get-ErrorRecord { Remove-SaeSecret 'cn-beijing:test' 16 -Force @Connection }
        $record.FullyQualifiedErrorId | Should -Be "DependencyViolation.Application,$RemoveId"
        $record.Exception.Message | Should -Match 'web-frontend'
        $record.Exception.Message | Should -Match 'order-worker'
        "$($record.TargetObject)" | Should -Be 'cn-beijing:test/16'
        Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 | Should -Not -BeNullOrEmpty

        Remove-SaeEmulatorSecretApp -NamespaceId 'cn-beijing:test' -SecretId 16
        Remove-SaeSecret 'cn-beijing:test' 16 -Force @Connection
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-beijing:test').SecretId | Should -Not -Contain '16'
    }

    It 'a secret used by a job: DependencyViolation.Job names it; deleted once it lets go' {
        $record = Get-ErrorRecord { Remove-SaeSecret 'cn-beijing:test' 18 -Force @Connection }
        $record.FullyQualifiedErrorId | Should -Be "DependencyViolation.Job,$RemoveId"
        $record.Exception.Message | Should -Match 'nightly-backup'

        Remove-SaeEmulatorSecretJob -NamespaceId 'cn-beijing:test' -SecretId 18
        Remove-SaeSecret 'cn-beijing:test' 18 -Force @Connection
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-beijing:test').SecretId | Should -Not -Contain '18'
    }

    It 'a secret that does not exist (any more): InvalidSecretId.NotFound' {
        Remove-SaeSecret 'cn-hangzhou:prod' 5 -Force @Connection
        $record = Get-ErrorRecord { Remove-SaeSecret 'cn-hangzhou:prod' 5 -Force @Connection }
        $record.FullyQualifiedErrorId | Should -Be "InvalidSecretId.NotFound,$RemoveId"
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'SecretId 0 is refused before anything is sent' {
        $record = Get-ErrorRecord { Remove-SaeSecret 'cn-hangzhou:prod' 0 -Force @Connection }
        $record.FullyQualifiedErrorId | Should -Be "SecretIdOutOfRange,$RemoveId"
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-SaeRequest).Count | Should -Be 0
    }
}

Describe 'Remove-SaeSecret from the pipeline' {
    BeforeEach { Reset-SaeEmulator }

    It 'list -> remove: the secrets a pattern finds are deleted, the others stay' {
        Get-SaeSecret 'cn-hangzhou:prod' -SecretName 'prod-secret-1?' @Connection | Remove-SaeSecret -Force @Connection

        $remaining = @(Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod').Name
        $remaining.Count | Should -Be 10
        $remaining | Should -Contain 'prod-secret-1'
        $remaining | Should -Contain 'prod-secret-20'
        $remaining | Where-Object { $_ -like 'prod-secret-1?' } | Should -BeNullOrEmpty
        $stats = Get-SaeEmulatorStats
        $stats.SaeDeletesApplied | Should -Be 10
        $stats.SaeListSecrets | Should -Be 1
    }

    It 'create -> list -> remove: what New-SaeSecret made is found by name and deleted' {
        New-SaeSecret 'cn-beijing:test' 'ci-temp-1' @{ k = 'v' } @Connection | Out-Null
        New-SaeSecret 'cn-beijing:test' 'ci-temp-2' @{ k = 'v' } @Connection | Out-Null
        Get-SaeSecret 'cn-beijing:test' -SecretName 'ci-temp-*' @Connection | Remove-SaeSecret -Force @Connection
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-beijing:test').Name | Should -Be @('app-config', 'registry-login', 'web-tls')
    }

    It 'list -> remove -WhatIf deletes none' {
        Get-SaeSecret 'cn-hangzhou:prod' @Connection | Remove-SaeSecret -WhatIf @Connection
        Get-SaeAction | Should -Be @('ListSecrets')
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod').Count | Should -Be 20
    }

    It 'records with NamespaceId and Id (CSV text) bind by property name' {
        @(
            [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; Id = '3' }
            [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 4 }
        ) | Remove-SaeSecret -Force @Connection
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod').SecretId | Should -Not -Contain '3'
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod').SecretId | Should -Not -Contain '4'
    }

    It 'a refused delete stops the pipeline: the secrets after it are not deleted' {
        $record = Get-ErrorRecord { Get-SaeSecret 'cn-beijing:test' @Connection | Remove-SaeSecret -Force @Connection }
        $record.FullyQualifiedErrorId | Should -Be "DependencyViolation.Application,$RemoveId"
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-beijing:test').SecretId | Should -Be @('16', '17', '18')
        (Get-SaeEmulatorStats).SaeDeleteSecret | Should -Be 1
    }
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

Describe 'Set-SaeSecret -WhatIf still reports a secret that is already as desired' {
    BeforeAll { Reset-SaeEmulator }

    It 'Unchanged is written: nothing would change' {
        $result = Set-SaeSecret 'cn-beijing:test' 'app-config' @{ k1 = 'v1' } -WhatIf @Connection
        $result.Action | Should -Be 'Unchanged'
        @(Get-WriteRequest).Count | Should -Be 0
    }
}
