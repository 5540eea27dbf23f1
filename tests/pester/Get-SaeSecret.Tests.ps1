# Get-SaeSecret: its parameter sets, listing a namespace (List set), describing one secret (Describe set) with its
# values as SecureStrings, strings or bytes, and the pipelines that feed it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:SeedTime = [datetime]::new(2026, 1, 1, 0, 0, 0, [DateTimeKind]::Utc)
    $script:SeedUpdateTime = [datetime]::new(2026, 1, 2, 0, 0, 0, [DateTimeKind]::Utc)
}

Describe 'Get-SaeSecret as a command' {
    It 'Get-SaeSecret: List takes NamespaceId and SecretName (alias Name, wildcards); Describe takes NamespaceId, SecretId (alias Id) and -AsPlainText' {
        $command = Get-Command Get-SaeSecret
        $list = $command.ParameterSets | Where-Object Name -EQ 'List'
        $describe = $command.ParameterSets | Where-Object Name -EQ 'Describe'
        $list.Parameters.Name | Should -Contain 'SecretName'
        $list.Parameters.Name | Should -Not -Contain 'SecretId'
        $list.Parameters.Name | Should -Not -Contain 'AsPlainText'
        $describe.Parameters.Name | Should -Contain 'SecretId'
        $describe.Parameters.Name | Should -Contain 'AsPlainText'
        $describe.Parameters.Name | Should -Not -Contain 'SecretName'
        ($describe.Parameters | Where-Object Name -EQ 'SecretId').IsMandatory | Should -BeTrue
        ($list.Parameters | Where-Object Name -EQ 'NamespaceId').IsMandatory | Should -BeTrue
        ($list.Parameters | Where-Object Name -EQ 'SecretName').IsMandatory | Should -BeFalse
        $command.Parameters['SecretName'].ParameterType | Should -Be ([string[]])
        $command.Parameters['SecretName'].Aliases | Should -Contain 'Name'
        $command.Parameters['SecretName'].Attributes.TypeId | Should -Contain ([System.Management.Automation.SupportsWildcardsAttribute])
        $command.Parameters['SecretId'].ParameterType | Should -Be ([long])
        $command.Parameters['SecretId'].Aliases | Should -Contain 'Id'
    }
}

Describe 'Get-SaeSecret lists a namespace (List set)' {
    BeforeEach { Reset-SaeEmulator }

    It 'writes one SecretInfo per secret, by id, with apps and UTC times, and reads no value' {
        $secrets = @(Get-SaeSecret -NamespaceId 'cn-beijing:test' @Connection)

        $secrets.Count | Should -Be 3
        foreach ($secret in $secrets) { $secret.GetType() | Should -Be ([SaeSecret.SecretInfo]) }
        $secrets.SecretId | Should -Be @(16, 17, 18)
        $secrets.SecretName | Should -Be @('app-config', 'registry-login', 'web-tls')
        $secrets.SecretType | Should -Be @('Opaque', 'kubernetes.io/dockerconfigjson', 'kubernetes.io/tls')
        $secrets.NamespaceId | Should -Be @('cn-beijing:test', 'cn-beijing:test', 'cn-beijing:test')
        $secrets[0].SecretId | Should -BeOfType ([long])
        $secrets[0].CreateTime | Should -Be $SeedTime
        $secrets[0].CreateTime.Kind | Should -Be 'Utc'
        $secrets[0].UpdateTime | Should -Be $SeedUpdateTime
        $secrets[0].RelateApps.Count | Should -Be 2
        $secrets[0].RelateApps[0] | Should -BeOfType ([SaeSecret.SecretApp])
        $secrets[0].RelateApps.AppName | Should -Be @('web-frontend', 'order-worker')
        $secrets[0].RelateApps.AppId | Should -Be @('a1b2c3d4-0000-4000-8000-000000000001', 'a1b2c3d4-0000-4000-8000-000000000002')
        $secrets[1].RelateApps.Count | Should -Be 0
        $secrets[0].PSObject.Properties.Name | Should -Not -Contain 'SecretData'

        $requests = Get-SaeRequest
        $requests.Count | Should -Be 1
        $requests[0].Headers.'x-acs-action' | Should -Be 'ListSecrets'
        $requests[0].Method | Should -Be 'GET'
        $requests[0].Query.NamespaceId | Should -Be 'cn-beijing:test'
    }

    It 'lists the default namespace by its region id, and a namespace whose name needs percent-encoding' {
        @(Get-SaeSecret 'cn-beijing' @Connection).SecretName | Should -Be @('default-secret')
        $spaced = @(Get-SaeSecret "cn-hangzhou:ns with space*~!'()" @Connection)
        $spaced.SecretId | Should -Be @(9007199254740993)
        $spaced.NamespaceId | Should -Be @("cn-hangzhou:ns with space*~!'()")
    }

    It 'an empty namespace lists nothing and is no error' {
        Set-SaeEmulatorNamespace -NamespaceId 'cn-beijing:empty'
        $output = @(Get-SaeSecret 'cn-beijing:empty' @Connection -ErrorVariable failures)
        $output.Count | Should -Be 0
        $failures.Count | Should -Be 0
    }

    It '-SecretName filters by <Label>' -TestCases @(
        @{ Label = 'one name'; Names = @('registry-login'); Expected = @(17) }
        @{ Label = 'a wildcard'; Names = @('*-l*'); Expected = @(17) }
        @{ Label = 'several names and patterns, each secret once'; Names = @('web-tls', 'app-*', 'a*'); Expected = @(16, 18) }
        @{ Label = 'a name in another case'; Names = @('APP-Config'); Expected = @(16) }
        @{ Label = 'a character class'; Names = @('prod-secret-[12]'); Expected = @(1, 2); Namespace = 'cn-hangzhou:prod' }
    ) {
        $namespace = if ($Namespace) { $Namespace } else { 'cn-beijing:test' }
        $secrets = @(Get-SaeSecret $namespace -SecretName $Names @Connection -ErrorVariable failures)
        $secrets.SecretId | Should -Be $Expected
        $failures.Count | Should -Be 0
        @(Get-SaeRequest).Count | Should -Be 1 -Because 'one ListSecrets serves every name'
    }

    It 'binds -Name as the alias of -SecretName; position 1 is -SecretId, which describes' {
        @(Get-SaeSecret 'cn-beijing:test' -Name 'web-tls' @Connection).SecretId | Should -Be @(18)
        $described = Get-SaeSecret 'cn-beijing:test' 18 @Connection
        $described | Should -BeOfType ([SaeSecret.Secret])
        $described.SecretName | Should -Be 'web-tls'
    }

    It 'a literal name that matches nothing: non-terminating SecretNameNotFound per name, the matches still written' {
        $secrets = @(Get-SaeSecret 'cn-beijing:test' -SecretName 'no-such', 'app-config', 'missing-too', 'zz*' @Connection -ErrorVariable failures -ErrorAction SilentlyContinue)

        $secrets.SecretId | Should -Be @(16)
        $failures.Count | Should -Be 2 -Because 'a wildcard that matches nothing is no error'
        $failures[0].FullyQualifiedErrorId | Should -Be "SecretNameNotFound,$GetId"
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'no-such'
        $failures[0].Exception | Should -BeOfType ([System.Management.Automation.ItemNotFoundException])
        $failures[0].Exception.Message | Should -Match 'no-such'
        $failures[0].Exception.Message | Should -Match 'cn-beijing:test'
        $failures[1].TargetObject | Should -Be 'missing-too'
    }

    It 'SecretNameNotFound is not terminating: the script goes on, and -ErrorAction Stop turns it into a stop' {
        $after = $false
        . {
            Get-SaeSecret 'cn-beijing:test' -SecretName 'no-such' @Connection -ErrorAction SilentlyContinue
            $after = $true
        }
        $after | Should -BeTrue
        $record = Get-ErrorRecord { Get-SaeSecret 'cn-beijing:test' -SecretName 'no-such' @Connection -ErrorAction Stop }
        $record.FullyQualifiedErrorId | Should -Be "SecretNameNotFound,$GetId"
    }

    It 'an unknown namespace: terminating InvalidNamespaceId.NotFound, ObjectNotFound' {
        $record = Get-ErrorRecord { Get-SaeSecret 'cn-beijing:nope' @Connection }
        $record.FullyQualifiedErrorId | Should -Be "InvalidNamespaceId.NotFound,$GetId"
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $record.Exception | Should -BeOfType ([SaeSecret.SaeServiceException])
        $record.Exception.HttpStatusCode | Should -Be 404
        $record.TargetObject | Should -Be 'cn-beijing:nope'
    }

    It 'a bad NamespaceId is refused before anything is sent: <ErrorId>' -TestCases @(
        @{ NamespaceId = ''; ErrorId = 'NamespaceIdEmpty' }
        @{ NamespaceId = 'cn-beijing:'; ErrorId = 'NamespaceIdMalformed' }
        @{ NamespaceId = 'Beijing:test'; ErrorId = 'NamespaceIdMalformed' }
    ) {
        $record = Get-ErrorRecord { Get-SaeSecret -NamespaceId $NamespaceId @Connection }
        $record.FullyQualifiedErrorId | Should -Be "$ErrorId,$GetId"
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-SaeRequest).Count | Should -Be 0
    }
}

Describe 'Get-SaeSecret describes one secret (Describe set)' {
    BeforeEach { Reset-SaeEmulator }

    It 'writes a Secret whose SecretData is an ordered dictionary of SecureStrings, keys sorted' {
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Data @{ zeta = (ConvertTo-Base64Utf8 'z'); alpha = (ConvertTo-Base64Utf8 $PlainValue); Mid = (ConvertTo-Base64Utf8 'm') }
        $secret = Get-SaeSecret -NamespaceId 'cn-beijing:test' -SecretId 16 @Connection

        $secret.GetType() | Should -Be ([SaeSecret.Secret])
        $secret | Should -BeOfType ([SaeSecret.SecretInfo])
        $secret.NamespaceId | Should -Be 'cn-beijing:test'
        $secret.SecretId | Should -Be 16
        $secret.SecretName | Should -Be 'app-config'
        $secret.SecretType | Should -Be 'Opaque'
        $secret.RelateApps.AppName | Should -Be @('web-frontend', 'order-worker')
        $secret.CreateTime | Should -Be $SeedTime
        $secret.SecretData | Should -BeOfType ([System.Collections.Specialized.OrderedDictionary])
        @($secret.SecretData.Keys) | Should -Be @('Mid', 'alpha', 'zeta')
        foreach ($value in $secret.SecretData.Values) { $value | Should -BeOfType ([securestring]) }
        $secret.SecretData['alpha'].IsReadOnly() | Should -BeTrue
        [System.Net.NetworkCredential]::new('', $secret.SecretData['alpha']).Password -ceq $PlainValue | Should -BeTrue

        $request = Get-SaeRequest
        $request.Count | Should -Be 1
        $request[0].Headers.'x-acs-action' | Should -Be 'DescribeSecret'
        $request[0].Query.SecretId | Should -Be '16'
    }

    It '-AsPlainText writes strings' {
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Data @{ password = (ConvertTo-Base64Utf8 $PlainValue); blank = '' }
        $secret = Get-SaeSecret 'cn-beijing:test' -SecretId 16 -AsPlainText @Connection
        $secret.SecretData['password'] | Should -BeOfType ([string])
        $secret.SecretData['password'] -ceq $PlainValue | Should -BeTrue
        $secret.SecretData['blank'] | Should -BeOfType ([string])
        $secret.SecretData['blank'] | Should -Be ''
    }

    It 'a value that is not UTF-8 is a byte[] holding exactly the stored bytes, with and without -AsPlainText' {
        [byte[]] $raw = 0, 255, 254, 128
        [byte[]] $surrogate = 0xED, 0xA0, 0x80
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Data @{ raw = [Convert]::ToBase64String($raw); surrogate = [Convert]::ToBase64String($surrogate); text = (ConvertTo-Base64Utf8 'ok') }

        foreach ($plain in $false, $true) {
            $secret = Get-SaeSecret 'cn-beijing:test' -SecretId 16 -AsPlainText:$plain @Connection
            , $secret.SecretData['raw'] | Should -BeOfType ([byte[]])
            [Convert]::ToHexString($secret.SecretData['raw']) | Should -Be '00FFFE80'
            , $secret.SecretData['surrogate'] | Should -BeOfType ([byte[]])
            [Convert]::ToHexString($secret.SecretData['surrogate']) | Should -Be 'EDA080'
            $secret.SecretData['text'] | Should -BeOfType $(if ($plain) { [string] } else { [securestring] })
        }
    }

    It 'valid UTF-8 with a NUL, a BOM and a 4-byte character stays text' {
        $text = "A`0B$([char]0xFEFF)🔐"
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Data @{ v = (ConvertTo-Base64Utf8 $text) }
        $secret = Get-SaeSecret 'cn-beijing:test' -SecretId 16 -AsPlainText @Connection
        $secret.SecretData['v'] | Should -BeOfType ([string])
        $secret.SecretData['v'] -ceq $text | Should -BeTrue
    }

    It 'describes a secret with a 53-bit-plus id in a namespace whose name needs percent-encoding' {
        $secret = Get-SaeSecret "cn-hangzhou:ns with space*~!'()" -SecretId 9007199254740993 -AsPlainText @Connection
        $secret.SecretId | Should -Be 9007199254740993
        $secret.SecretName | Should -Be 'spaced-secret'
        $secret.SecretData['k'] | Should -Be 'v'
    }

    It 'an unknown id: terminating InvalidSecretId.NotFound, ObjectNotFound, the target names the secret' {
        $record = Get-ErrorRecord { Get-SaeSecret 'cn-beijing:test' -SecretId 4242 @Connection }
        $record.FullyQualifiedErrorId | Should -Be "InvalidSecretId.NotFound,$GetId"
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $record.TargetObject | Should -BeOfType ([SaeSecret.SecretIdentity])
        "$($record.TargetObject)" | Should -Be 'cn-beijing:test/4242'
    }

    It 'SecretId <Id> is refused before anything is sent: SecretIdOutOfRange' -TestCases @(@{ Id = 0 }, @{ Id = -16 }) {
        $record = Get-ErrorRecord { Get-SaeSecret 'cn-beijing:test' -SecretId $Id @Connection }
        $record.FullyQualifiedErrorId | Should -Be "SecretIdOutOfRange,$GetId"
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-SaeRequest).Count | Should -Be 0
    }

    It 'a stored value that is not base64: InvalidResponse naming the key, never the value' {
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Data @{ broken = $PlainValue }
        $record = Get-ErrorRecord { Get-SaeSecret 'cn-beijing:test' -SecretId 16 -AsPlainText @Connection }
        $record.FullyQualifiedErrorId | Should -Be "InvalidResponse,$GetId"
        $record.CategoryInfo.Category | Should -Be 'InvalidResult'
        $record.Exception.Message | Should -Match "'broken'"
        Assert-NoLeak -Text ($record | Format-List * -Force | Out-String), $record.Exception.ToString() -Secret $PlainValue -Where 'the error record'
    }
}

Describe 'Get-SaeSecret from the pipeline' {
    BeforeEach { Reset-SaeEmulator }

    It 'list -> describe: a listed secret piped back in is described (SecretId binds by property name)' {
        $secret = Get-SaeSecret 'cn-beijing:test' -SecretName 'app-config' @Connection | Get-SaeSecret @Connection

        $secret.GetType() | Should -Be ([SaeSecret.Secret])
        $secret.SecretId | Should -Be 16
        @($secret.SecretData.Keys) | Should -Be @('k1')
        (Get-SaeRequest).Headers.'x-acs-action' | Should -Be @('ListSecrets', 'DescribeSecret')
    }

    It 'list -> describe -AsPlainText for every secret of a namespace, in order' {
        $secrets = @(Get-SaeSecret 'cn-beijing:test' @Connection | Get-SaeSecret -AsPlainText @Connection)
        $secrets.SecretId | Should -Be @(16, 17, 18)
        $secrets[0].SecretData['k1'] | Should -Be 'v1'
        $secrets[1].SecretData['.dockerconfigjson'] | Should -Be '{"auths":{}}'
        @($secrets[2].SecretData.Keys) | Should -Be @('tls.crt', 'tls.key')
        $secrets[2].SecretData['tls.crt'] | Should -Be 'crt'
    }

    It 'SecretName does not bind from the pipeline: a record with NamespaceId and SecretName lists the whole namespace' {
        $records = @(
            [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretName = 'app-config' }
            [pscustomobject]@{ NamespaceId = 'cn-beijing'; Name = 'no-such-secret' }
        )
        $secrets = @($records | Get-SaeSecret @Connection -ErrorVariable failures)
        $secrets.SecretId | Should -Be @(16, 17, 18, 7)
        $failures.Count | Should -Be 0
    }

    It 'records with NamespaceId and SecretId (or Id, as CSV text) are described' {
        $records = @(
            [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = '3' }
            [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; Id = 17 }
        )
        $secrets = @($records | Get-SaeSecret -AsPlainText @Connection)
        $secrets.SecretName | Should -Be @('prod-secret-3', 'registry-login')
    }

    It 'a column named Endpoint does not redirect the call' {
        $record = [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretId = 16; Endpoint = 'http://127.0.0.1:9/' }
        $secret = $record | Get-SaeSecret @Connection -MaxRetries 0
        $secret.SecretId | Should -Be 16
        @(Get-SaeRequest).Count | Should -Be 1
    }

    It 'an error in the middle of a pipeline stops it: the records before are written, none after' {
        $written = [System.Collections.Generic.List[object]]::new()
        $record = Get-ErrorRecord {
            @(
                [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 1 }
                [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 4242 }
                [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 3 }
            ) | Get-SaeSecret @Connection | ForEach-Object { $written.Add($_) }
        }
        $record.FullyQualifiedErrorId | Should -Be "InvalidSecretId.NotFound,$GetId"
        $written.SecretId | Should -Be @(1)
        @(Get-SaeRequest).Count | Should -Be 2
    }
}
