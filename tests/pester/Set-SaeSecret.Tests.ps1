# Set-SaeSecret: a desired state applied by name (Created, Updated, Unchanged, the type a present secret must have),
# -Merge, CSV pipelines with one listing per namespace, round trips from Get-SaeSecret, What-if key by key and
# restart warnings.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
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

Describe 'Byte-for-byte round trips: Get-SaeSecret | Set-SaeSecret' {
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

    It 'Set-SaeSecret of a described secret''s own data is Unchanged, binary values included' {
        $secret = Get-SaeSecret 'cn-beijing:test' -SecretId 16 @Connection
        $result = Set-SaeSecret 'cn-beijing:test' 'app-config' $secret.SecretData @Connection
        $result.Action | Should -Be 'Unchanged'
        (Get-SaeEmulatorStats).SaeUpdateSecret | Should -Be 0
    }
}

Describe 'What-if names the change key by key' {
    BeforeEach {
        Reset-SaeEmulator
        # app-config (16) holds k1; give it three more keys to change, keep and remove.
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Name 'app-config' -Data @{ k1 = (ConvertTo-Base64Utf8 'one'); keep = (ConvertTo-Base64Utf8 'same'); old = (ConvertTo-Base64Utf8 'x') }
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
}

Describe 'Set-SaeSecret -WhatIf still reports a secret that is already as desired' {
    BeforeAll { Reset-SaeEmulator }

    It 'Unchanged is written: nothing would change' {
        $result = Set-SaeSecret 'cn-beijing:test' 'app-config' @{ k1 = 'v1' } -WhatIf @Connection
        $result.Action | Should -Be 'Unchanged'
        @(Get-WriteRequest).Count | Should -Be 0
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

Describe 'Set-SaeSecret change records' {
    BeforeEach { Reset-SaeEmulator }

    It 'Updated names the keys added, changed and removed in ordinal order, and how many stayed' {
        Set-SaeSecret 'cn-beijing:test' 'app-config' @{ k1 = 'v1'; Zeta = 'z'; alpha = 'a' } @Connection | Out-Null
        $result = Set-SaeSecret 'cn-beijing:test' 'app-config' @{ k1 = 'v1'; Zeta = $NewValue; beta = 'b' } @Connection

        $result.Action | Should -Be 'Updated'
        $result.DataCompared | Should -BeTrue
        $result.Added | Should -Be @('beta')
        $result.Changed | Should -Be @('Zeta')
        $result.Removed | Should -Be @('alpha')
        $result.UnchangedCount | Should -Be 1
    }

    It 'Created adds every key; Unchanged changes none' {
        $created = Set-SaeSecret 'cn-beijing:test' 'new-config' @{ b = '2'; A = '1' } @Connection
        $unchanged = Set-SaeSecret 'cn-beijing:test' 'new-config' @{ b = '2'; A = '1' } @Connection

        $created.Added | Should -Be @('A', 'b')
        $created.DataCompared | Should -BeTrue
        $unchanged.Action | Should -Be 'Unchanged'
        @($unchanged.Added + $unchanged.Changed + $unchanged.Removed).Count | Should -Be 0
        $unchanged.UnchangedCount | Should -Be 2
    }

    It 'holds names only: the list view shows the change record and no value' {
        $result = Set-SaeSecret 'cn-beijing:test' 'app-config' @{ k1 = $NewValue } @Connection
        $list = $result | Format-List | Out-String -Width 300
        $table = $result | Out-String -Width 300

        $list | Should -Match 'Changed\s+:\s+\{k1\}'
        $list | Should -Match 'DataCompared\s+:\s+True'
        $list.Contains($NewValue) | Should -BeFalse
        $table | Should -Not -Match 'Changed'
    }
}
