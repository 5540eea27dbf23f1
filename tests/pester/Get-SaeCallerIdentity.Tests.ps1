# Get-SaeCallerIdentity against the emulator's STS: who the key is, where it came from, and the service's ErrorIds.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    $script:CommandId = 'SaeSecret.PowerShell.Commands.GetSaeCallerIdentityCommand'
    $script:RoleArn = 'acs:ram::1234567890123456:role/saesecret-deployer'
    $script:EnvNamePattern = '^(ALIBABA_CLOUD_|SAESECRET_)|^(HOME|USERPROFILE)$'

    function Get-CredentialEnvironment {
        $snapshot = @{}
        foreach ($entry in [Environment]::GetEnvironmentVariables().GetEnumerator()) {
            if ($entry.Key -match $EnvNamePattern) { $snapshot[$entry.Key] = $entry.Value }
        }
        $snapshot
    }

    function Restore-CredentialEnvironment([hashtable] $Snapshot) {
        foreach ($name in @((Get-CredentialEnvironment).Keys) + @($Snapshot.Keys) | Select-Object -Unique) {
            if ($name -eq 'SAESECRET_MODULE_PATH' -or $name -eq 'SAESECRET_EMULATOR_DLL') { continue }
            [Environment]::SetEnvironmentVariable($name, $Snapshot[$name])
        }
    }

    function Get-StsCall { @(Get-SaeEmulatorRequest | Where-Object { $_.Service -eq 'sts' -and $_.Headers.'x-acs-action' -eq 'GetCallerIdentity' }) }

    function Get-ErrorRecord([scriptblock] $Action) {
        try { & $Action | Out-Null }
        catch { return $_ }
        throw 'Expected a terminating error, but the command succeeded.'
    }

    # The result and every stream of one call, as text.
    function Invoke-WithStreams([hashtable] $Parameters) {
        $DebugPreference = 'Continue'
        $streams = Get-SaeCallerIdentity @Parameters -Verbose -Debug *>&1
        [pscustomobject]@{
            Result = @($streams | Where-Object { $_ -is [SaeSecret.CallerIdentity] })
            Text   = ($streams | ForEach-Object { "$_" }) -join "`n"
            Debug  = @($streams | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message)
        }
    }
}

Describe 'Get-SaeCallerIdentity' {
    BeforeEach {
        $script:SavedEnvironment = Get-CredentialEnvironment
        Reset-SaeEmulator
        Clear-SaeModuleState -Credentials
        $script:WorkDir = Join-Path ([IO.Path]::GetTempPath()) ('saesecret-ident-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $WorkDir | Out-Null
        foreach ($name in 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN', 'ALIBABA_CLOUD_PROFILE', 'SAESECRET_STS_ENDPOINT') {
            [Environment]::SetEnvironmentVariable($name, $null)
        }
        $env:ALIBABA_CLOUD_CONFIG_FILE = Join-Path $WorkDir 'no-config.json'
        $env:ALIBABA_CLOUD_CREDENTIALS_FILE = Join-Path $WorkDir 'no-credentials'
        $env:ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true'
    }

    AfterEach {
        Restore-CredentialEnvironment $SavedEnvironment
        Clear-SaeModuleState -Credentials
        Remove-Item -Recurse -Force $WorkDir -ErrorAction SilentlyContinue
    }

    It 'is exported with its output type' {
        $command = Get-Command Get-SaeCallerIdentity -Module SaeSecret
        $command.OutputType.Type | Should -Be ([SaeSecret.CallerIdentity])
        foreach ($p in 'Credential', 'SecurityToken', 'ProfileName', 'RegionId', 'Endpoint', 'MaxRetries', 'TimeoutSec') {
            $command.Parameters.Keys | Should -Contain $p
        }
    }

    It 'tells who a RAM user key is, masking the key and naming its source' {
        $run = Invoke-WithStreams @{ Endpoint = $EmulatorUrl; Credential = $Credential }

        $run.Result | Should -HaveCount 1
        $identity = $run.Result[0]
        $identity.PSObject.TypeNames[0] | Should -Be 'SaeSecret.CallerIdentity'
        $identity.AccountId | Should -Be '1234567890123456'
        $identity.IdentityType | Should -BeExactly 'RAMUser'
        $identity.Arn | Should -Be 'acs:ram::1234567890123456:user/emulator-user'
        $identity.PrincipalId | Should -Be '2000000000000001'
        $identity.UserId | Should -Be '2000000000000001'
        $identity.RoleId | Should -BeNullOrEmpty
        $identity.AccessKeyId | Should -BeExactly 'Emul******yId'
        $identity.CredentialSource | Should -BeExactly 'the -Credential parameter'
        $identity.RequestId | Should -Not -BeNullOrEmpty
        # The same words as the Debug line.
        $run.Debug | Should -Contain "Credentials: AccessKeyId Emul******yId from $($identity.CredentialSource)"
        Assert-NoLeak -Text $run.Text, ($run.Result | Format-List * | Out-String) -Secret $KeySecret -Where 'the streams of Get-SaeCallerIdentity'
    }

    It 'sends one V3-signed POST / with action GetCallerIdentity and version 2015-04-01, no parameters' {
        Get-SaeCallerIdentity -Endpoint $EmulatorUrl -Credential $Credential | Out-Null

        $calls = Get-StsCall
        $calls | Should -HaveCount 1
        $call = $calls[0]
        $call.Method | Should -Be 'POST'
        $call.Path | Should -Be '/'
        $call.Status | Should -Be 200
        $call.Headers.'x-acs-version' | Should -Be '2015-04-01'
        $call.Headers.authorization | Should -BeLike 'ACS3-HMAC-SHA256 Credential=EmulatorKeyId,*'
        @($call.Query.PSObject.Properties).Count | Should -Be 0
        Get-SaeEmulatorActionCount -Action StsGetCallerIdentity | Should -Be 1
    }

    It 'goes to SAESECRET_STS_ENDPOINT without -Endpoint, with the key from the environment' {
        $env:SAESECRET_STS_ENDPOINT = $EmulatorUrl
        $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $KeyId
        $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $KeySecret

        $identity = Get-SaeCallerIdentity

        $identity.IdentityType | Should -Be 'RAMUser'
        $identity.CredentialSource | Should -BeExactly 'environment variables'
        Get-StsCall | Should -HaveCount 1
    }

    It 'tells an account root key apart' {
        Set-SaeEmulatorAccessKey -AccessKeyId 'RootKeyId-0001' -AccessKeySecret 'RootKeySecret-0123456789' -IdentityType Account | Out-Null
        $root = [pscredential]::new('RootKeyId-0001', (ConvertTo-SecureString 'RootKeySecret-0123456789' -AsPlainText -Force))

        $identity = Get-SaeCallerIdentity -Endpoint $EmulatorUrl -Credential $root

        $identity.IdentityType | Should -BeExactly 'Account'
        $identity.Arn | Should -Be 'acs:ram::1234567890123456:root'
        $identity.RoleId | Should -BeNullOrEmpty
        $identity.AccessKeyId | Should -BeExactly 'Root*******001'
    }

    It 'tells the assumed role of an aliyun CLI RamRoleArn profile, in the words -Debug uses' {
        $env:SAESECRET_STS_ENDPOINT = $EmulatorUrl
        $cli = Join-Path $WorkDir 'config.json'
        @{ current = 'default'; profiles = @(
                @{ name = 'prod'; mode = 'RamRoleArn'; access_key_id = $KeyId; access_key_secret = $KeySecret; ram_role_arn = $RoleArn; ram_session_name = 'ident-test' }
            ) } | ConvertTo-Json -Depth 5 | Set-Content -Path $cli -Encoding utf8
        $env:ALIBABA_CLOUD_CONFIG_FILE = $cli

        $run = Invoke-WithStreams @{ ProfileName = 'prod' }

        $identity = $run.Result[0]
        $identity.IdentityType | Should -BeExactly 'AssumedRoleUser'
        $identity.Arn | Should -Be 'acs:ram::1234567890123456:assumed-role/saesecret-deployer/ident-test'
        $identity.RoleId | Should -Not -BeNullOrEmpty
        $identity.PrincipalId | Should -BeLike "$($identity.RoleId):ident-test"
        $identity.CredentialSource | Should -BeExactly "aliyun CLI profile 'prod' (RamRoleArn)"
        $identity.AccessKeyId | Should -Match '^.{4}\*+.{3}$'
        $run.Debug | Where-Object { $_ -like 'Credentials: AccessKeyId *' } | Should -Be "Credentials: AccessKeyId $($identity.AccessKeyId) from aliyun CLI profile 'prod' (RamRoleArn)"
        (Get-SaeEmulatorRequest | Where-Object Service -EQ 'sts').Headers.'x-acs-action' | Should -Be @('AssumeRole', 'GetCallerIdentity')
    }

    It 'answers for a key SAE denies: GetCallerIdentity needs no permission' {
        $denied = [pscredential]::new('DeniedKeyId', (ConvertTo-SecureString $DeniedKeySecret -AsPlainText -Force))
        (Get-SaeCallerIdentity -Endpoint $EmulatorUrl -Credential $denied).Arn | Should -Be 'acs:ram::1234567890123456:user/denied-user'
    }

    It 'fails with the service ErrorId for an unknown key' {
        $unknown = [pscredential]::new('NoSuchKeyId', (ConvertTo-SecureString $KeySecret -AsPlainText -Force))
        $record = Get-ErrorRecord { Get-SaeCallerIdentity -Endpoint $EmulatorUrl -Credential $unknown }
        $record.FullyQualifiedErrorId | Should -Be "InvalidAccessKeyId.NotFound,$CommandId"
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $record.Exception | Should -BeOfType ([SaeSecret.SaeServiceException])
        $record.Exception.Attempts | Should -Be 1
    }

    It 'fails with the service ErrorId for a wrong secret, never quoting it' {
        $wrong = [pscredential]::new($KeyId, (ConvertTo-SecureString $WrongKeySecret -AsPlainText -Force))
        $record = Get-ErrorRecord { Get-SaeCallerIdentity -Endpoint $EmulatorUrl -Credential $wrong }
        $record.FullyQualifiedErrorId | Should -BeLike "Signature*,$CommandId"
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        Assert-NoLeak -Text ($record | Out-String), $record.Exception.Message -Secret $WrongKeySecret -Where 'the error record'
    }

    It 'fails with CredentialsNotFound when there are no credentials, sending nothing' {
        $record = Get-ErrorRecord { Get-SaeCallerIdentity -Endpoint $EmulatorUrl }
        $record.FullyQualifiedErrorId | Should -Be "CredentialsNotFound,$CommandId"
        Get-StsCall | Should -HaveCount 0
    }

    It 'refuses plain http to another host and a malformed -RegionId before sending' {
        (Get-ErrorRecord { Get-SaeCallerIdentity -Endpoint 'http://sts.example.com' -Credential $Credential }).FullyQualifiedErrorId |
            Should -Be "EndpointNotHttps,$CommandId"
        (Get-ErrorRecord { Get-SaeCallerIdentity -RegionId 'Not A Region' -Credential $Credential }).FullyQualifiedErrorId |
            Should -Be "RegionIdInvalid,$CommandId"
        Get-StsCall | Should -HaveCount 0
    }
}
