# Where the credentials come from: the default chain (environment, OIDC, aliyun CLI profiles, the credentials file,
# instance metadata, a credentials URI), its precedence and errors, and the cache of temporary credentials.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    $script:CommandId = 'SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand'
    $script:RoleArn = 'acs:ram::1234567890123456:role/saesecret-test'
    $script:SecondRoleArn = 'acs:ram::1234567890123456:role/saesecret-second'
    $script:OidcProviderArn = 'acs:ram::1234567890123456:oidc-provider/ack-rrsa'
    $script:OidcToken = 'eyJ-oidc-token-Distinct-5e1f7a'
    $script:EnvNamePattern = '^(ALIBABA_CLOUD_|SAESECRET_)|^(HOME|USERPROFILE)$'
    $script:OnWindows = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)

    function Get-CredentialEnvironment {
        $snapshot = @{}
        foreach ($entry in [Environment]::GetEnvironmentVariables().GetEnumerator()) {
            if ($entry.Key -match $EnvNamePattern) { $snapshot[$entry.Key] = $entry.Value }
        }
        $snapshot
    }

    function Restore-CredentialEnvironment([hashtable] $Snapshot) {
        foreach ($name in @((Get-CredentialEnvironment).Keys) + @($Snapshot.Keys) | Select-Object -Unique) {
            if ($name -eq 'SAESECRET_MODULE_PATH') { continue }
            [Environment]::SetEnvironmentVariable($name, $Snapshot[$name])
        }
    }

    # The calls these tests make: one record against the emulator, with no credential parameters.
    function Invoke-Update {
        param([hashtable] $Extra = @{})
        Update-SaeSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -SecretData @{ k = 'value' } -Endpoint $EmulatorUrl @Extra
    }

    # Every stream of one call, as text; Debug names the credential source.
    function Invoke-UpdateWithStreams {
        param([hashtable] $Extra = @{})
        $DebugPreference = 'Continue'
        $streams = Invoke-Update -Extra ($Extra + @{ Verbose = $true; Debug = $true }) *>&1
        [pscustomobject]@{
            Result = @($streams | Where-Object { $_ -is [SaeSecret.UpdateSecretResult] })
            Text   = ($streams | ForEach-Object { "$_" }) -join "`n"
            Debug  = @($streams | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }) -join "`n"
        }
    }

    function Set-CliConfig {
        param([object[]] $Profiles, [string] $Current = 'default')
        @{ current = $Current; profiles = $Profiles } | ConvertTo-Json -Depth 6 | Set-Content -Path $CliPath -Encoding utf8
        $env:ALIBABA_CLOUD_CONFIG_FILE = $CliPath
    }

    function Set-CredentialsFile([string] $Text) {
        Set-Content -Path $IniPath -Value $Text -Encoding utf8
        $env:ALIBABA_CLOUD_CREDENTIALS_FILE = $IniPath
    }

    function New-TokenFile([string] $Token = $OidcToken) {
        $path = Join-Path $WorkDir 'oidc-token'
        Set-Content -Path $path -Value $Token -NoNewline -Encoding utf8
        $path
    }

    function Use-EmulatorSts { $env:SAESECRET_STS_ENDPOINT = $EmulatorUrl }

    function Use-EmulatorMetadata {
        $env:SAESECRET_ECS_METADATA_ENDPOINT = $EmulatorUrl
        Remove-Item Env:ALIBABA_CLOUD_ECS_METADATA_DISABLED -ErrorAction SilentlyContinue
    }

    # A temporary key the emulator will accept, as instance metadata hands them out.
    function Get-EmulatorStsKey { Invoke-RestMethod -Uri "$EmulatorUrl/_emulator/credentials-uri" }

    function Get-StsRequest([string] $Action) {
        @(Get-SaeEmulatorRequest | Where-Object { $_.Service -eq 'sts' -and ($_.Headers.'x-acs-action' -eq $Action -or $_.Query.Action -eq $Action) })
    }

    # A process_command that prints the given text and exits with the given code, run without a shell.
    function New-ExternalCommand([string] $Output, [int] $ExitCode = 0) {
        $outFile = Join-Path $WorkDir 'external-output.txt'
        Set-Content -Path $outFile -Value $Output -NoNewline -Encoding utf8
        if ($OnWindows) {
            $script = Join-Path $WorkDir 'external.cmd'
            Set-Content -Path $script -Value "@type `"$outFile`"`r`n@exit /b $ExitCode" -Encoding ascii
            return "cmd.exe /d /c `"$script`""
        }
        $script = Join-Path $WorkDir 'external.sh'
        Set-Content -Path $script -Value "cat '$outFile'`nexit $ExitCode`n" -Encoding ascii
        return "/bin/sh '$script'"
    }

    function AkProfile([string] $Name = 'default') {
        @{ name = $Name; mode = 'AK'; access_key_id = $KeyId; access_key_secret = $KeySecret }
    }

    function RoleProfile([string] $Name = 'default', [hashtable] $Extra = @{}) {
        @{ name = $Name; mode = 'RamRoleArn'; access_key_id = $KeyId; access_key_secret = $KeySecret; ram_role_arn = $RoleArn } + $Extra
    }
}

Describe 'Credential sources (each test starts with an empty chain and an empty credential cache)' {
    BeforeEach {
        $script:SavedEnvironment = Get-CredentialEnvironment
        Reset-SaeEmulator
        Clear-SaeModuleState -Credentials
        $script:WorkDir = Join-Path ([IO.Path]::GetTempPath()) ("saesecret-cred-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $WorkDir | Out-Null
        $script:CliPath = Join-Path $WorkDir 'config.json'
        $script:IniPath = Join-Path $WorkDir 'credentials'
        # Nothing from the runner's isolation may leak in: the chain starts empty in every test.
        foreach ($name in 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN') { [Environment]::SetEnvironmentVariable($name, $null) }
        $env:ALIBABA_CLOUD_CONFIG_FILE = Join-Path $WorkDir 'no-config.json'
        $env:ALIBABA_CLOUD_CREDENTIALS_FILE = Join-Path $WorkDir 'no-credentials'
        $env:ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true'
        $env:HOME = $WorkDir
        $env:USERPROFILE = $WorkDir
    }

    AfterEach {
        Restore-CredentialEnvironment $SavedEnvironment
        Clear-SaeModuleState -Credentials
        Remove-Item -Recurse -Force $WorkDir -ErrorAction SilentlyContinue
    }

    Describe 'The default chain with no credential parameters' {
        It 'uses ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET end to end' {
            $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $KeyId
            $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $KeySecret

            $run = Invoke-UpdateWithStreams

            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match 'from environment variables'
            (Get-SaeEmulatorStats).SaeUpdatesApplied | Should -Be 1
            Assert-NoLeak -Text $run.Text -Secret $KeySecret -Where 'the output streams'
        }

        It 'uses an STS key with ALIBABA_CLOUD_SECURITY_TOKEN' {
            $sts = Get-EmulatorStsKey
            $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $sts.AccessKeyId
            $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $sts.AccessKeySecret
            $env:ALIBABA_CLOUD_SECURITY_TOKEN = $sts.SecurityToken

            $run = Invoke-UpdateWithStreams

            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match 'environment variables \(STS token\)'
            Assert-NoLeak -Text $run.Text -Secret $sts.AccessKeySecret, $sts.SecurityToken -Where 'the output streams'
        }

        It 'lists every source it tried and why each had nothing, then how to provide credentials' {
            $record = Get-ErrorRecord { Invoke-Update }

            $record.FullyQualifiedErrorId | Should -Be "CredentialsNotFound,$CommandId"
            $message = $record.Exception.Message
            $message | Should -Match 'environment variables: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set'
            $message | Should -Match 'OIDC role \(RRSA\): ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE are not set'
            $message | Should -Match ("aliyun CLI config: '" + [regex]::Escape($env:ALIBABA_CLOUD_CONFIG_FILE) + "' does not exist")
            $message | Should -Match ("credentials file: '" + [regex]::Escape($env:ALIBABA_CLOUD_CREDENTIALS_FILE) + "'.* does not exist")
            $message | Should -Match 'ECS instance metadata: ALIBABA_CLOUD_ECS_METADATA_DISABLED is true'
            $message | Should -Match 'credentials URI: ALIBABA_CLOUD_CREDENTIALS_URI is not set'
            $message | Should -Match '-Credential'
            $message | Should -Match 'aliyun configure'
            @(Get-SaeEmulatorRequest).Count | Should -Be 0
        }
    }

    Describe 'OIDC (RRSA) from ALIBABA_CLOUD_ROLE_ARN, _OIDC_PROVIDER_ARN and _OIDC_TOKEN_FILE' {
        BeforeEach {
            Use-EmulatorSts
            $env:ALIBABA_CLOUD_ROLE_ARN = $RoleArn
            $env:ALIBABA_CLOUD_OIDC_PROVIDER_ARN = $OidcProviderArn
        }

        It 'calls AssumeRoleWithOIDC unsigned, the token in the body, and names the role' {
            $env:ALIBABA_CLOUD_OIDC_TOKEN_FILE = New-TokenFile
            $env:ALIBABA_CLOUD_ROLE_SESSION_NAME = 'pod-session-1'

            $run = Invoke-UpdateWithStreams

            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match ([regex]::Escape("OIDC role '$RoleArn'"))
            (Get-SaeEmulatorStats).StsAssumeRoleWithOidc | Should -Be 1
            $request = Get-StsRequest 'AssumeRoleWithOIDC' | Select-Object -First 1
            $request.Method | Should -Be 'POST'
            $request.Headers.authorization | Should -BeNullOrEmpty
            $request.Query.RoleSessionName | Should -Be 'pod-session-1'
            $request.Query.DurationSeconds | Should -Be '3600'
            Assert-NoLeak -Text $request.RawTarget -Secret $OidcToken -Where 'the STS request line'
            Assert-NoLeak -Text $run.Text -Secret $OidcToken -Where 'the output streams'
        }

        It 'stops with CredentialsSourceFailed naming the STS error when the token is refused' {
            $env:ALIBABA_CLOUD_OIDC_TOKEN_FILE = New-TokenFile 'invalid-token'

            $record = Get-ErrorRecord { Invoke-Update }

            $record.FullyQualifiedErrorId | Should -Be "CredentialsSourceFailed,$CommandId"
            $record.Exception.Message | Should -Match 'AuthenticationFail\.OIDCToken\.Invalid'
            $record.Exception.Message | Should -Match ([regex]::Escape("OIDC role '$RoleArn'"))
            (Get-SaeEmulatorStats).SaeRequests | Should -Be 0
        }

        It 'stops with CredentialsInvalid naming a token file that does not exist' {
            $env:ALIBABA_CLOUD_OIDC_TOKEN_FILE = Join-Path $WorkDir 'missing-token'

            $record = Get-ErrorRecord { Invoke-Update }

            $record.FullyQualifiedErrorId | Should -Be "CredentialsInvalid,$CommandId"
            $record.Exception.Message | Should -Match ([regex]::Escape($env:ALIBABA_CLOUD_OIDC_TOKEN_FILE))
        }

        It 'is skipped, with the missing variable named, when only some of the three are set' {
            $record = Get-ErrorRecord { Invoke-Update }

            $record.FullyQualifiedErrorId | Should -Be "CredentialsNotFound,$CommandId"
            $record.Exception.Message | Should -Match 'OIDC role \(RRSA\): ALIBABA_CLOUD_OIDC_TOKEN_FILE is not set'
            (Get-SaeEmulatorStats).StsAssumeRoleWithOidc | Should -Be 0
        }
    }

    Describe 'aliyun CLI config.json profiles' {
        BeforeEach { Use-EmulatorSts }

        It 'mode AK' {
            Set-CliConfig @(AkProfile)
            $run = Invoke-UpdateWithStreams
            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match "aliyun CLI profile 'default' \(AK\)"
            Assert-NoLeak -Text $run.Text -Secret $KeySecret -Where 'the output streams'
        }

        It 'mode StsToken' {
            $sts = Get-EmulatorStsKey
            Set-CliConfig @(@{ name = 'default'; mode = 'StsToken'; access_key_id = $sts.AccessKeyId; access_key_secret = $sts.AccessKeySecret; sts_token = $sts.SecurityToken })
            $run = Invoke-UpdateWithStreams
            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match "aliyun CLI profile 'default' \(StsToken\)"
            Assert-NoLeak -Text $run.Text -Secret $sts.AccessKeySecret, $sts.SecurityToken -Where 'the output streams'
        }

        It 'mode RamRoleArn: a V3-signed AssumeRole passing session name, duration, policy and external id' {
            $policy = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sae:*","Resource":"*"}]}'
            Set-CliConfig @(RoleProfile 'prod' @{ ram_session_name = 'deploy-42'; expired_seconds = 1800; policy = $policy; external_id = 'ext-7' }) -Current 'prod'

            $run = Invoke-UpdateWithStreams

            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match "aliyun CLI profile 'prod' \(RamRoleArn\)"
            (Get-SaeEmulatorStats).StsAssumeRole | Should -Be 1
            $request = Get-StsRequest 'AssumeRole' | Select-Object -First 1
            $request.Path | Should -Be '/'
            $request.Headers.authorization | Should -Match '^ACS3-HMAC-SHA256 Credential=EmulatorKeyId,'
            $request.Headers.'x-acs-version' | Should -Be '2015-04-01'
            $request.Query.RoleArn | Should -Be $RoleArn
            $request.Query.RoleSessionName | Should -Be 'deploy-42'
            $request.Query.DurationSeconds | Should -Be '1800'
            $request.Query.Policy | Should -Be $policy
            $request.Query.ExternalId | Should -Be 'ext-7'
            $request.Status | Should -Be 200
        }

        It 'mode EcsRamRole, from instance metadata' {
            Use-EmulatorMetadata
            Set-CliConfig @(@{ name = 'default'; mode = 'EcsRamRole'; ram_role_name = 'EmulatorEcsRole' })
            $run = Invoke-UpdateWithStreams
            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match "aliyun CLI profile 'default' \(EcsRamRole\)"
            (Get-SaeEmulatorStats).MetadataCredentials | Should -Be 1
            (Get-SaeEmulatorStats).MetadataRoleList | Should -Be 0 -Because 'the profile names the role'
        }

        It 'mode OIDC' {
            Set-CliConfig @(@{ name = 'default'; mode = 'OIDC'; ram_role_arn = $RoleArn; oidc_provider_arn = $OidcProviderArn; oidc_token_file = (New-TokenFile) })
            $run = Invoke-UpdateWithStreams
            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match "aliyun CLI profile 'default' \(OIDC\)"
            (Get-SaeEmulatorStats).StsAssumeRoleWithOidc | Should -Be 1
            Assert-NoLeak -Text $run.Text -Secret $OidcToken -Where 'the output streams'
        }

        It 'mode ChainableRamRoleArn over an AK profile' {
            Set-CliConfig @((AkProfile 'base'), @{ name = 'default'; mode = 'ChainableRamRoleArn'; source_profile = 'base'; ram_role_arn = $RoleArn })
            $run = Invoke-UpdateWithStreams
            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match "aliyun CLI profile 'default' \(ChainableRamRoleArn\)"
            (Get-SaeEmulatorStats).StsAssumeRole | Should -Be 1
        }

        It 'mode ChainableRamRoleArn over a RamRoleArn profile: the second AssumeRole is signed with the first STS key and its token' {
            Set-CliConfig @((RoleProfile 'first'), @{ name = 'default'; mode = 'ChainableRamRoleArn'; source_profile = 'first'; ram_role_arn = $SecondRoleArn })

            $run = Invoke-UpdateWithStreams

            $run.Result.Success | Should -BeTrue
            $requests = Get-StsRequest 'AssumeRole'
            $requests.Count | Should -Be 2
            $requests[0].Query.RoleArn | Should -Be $RoleArn
            $requests[1].Query.RoleArn | Should -Be $SecondRoleArn
            $requests[1].Headers.authorization | Should -Match '^ACS3-HMAC-SHA256 Credential=STS\.'
            $requests[1].Headers.'x-acs-security-token' | Should -Not -BeNullOrEmpty
            $requests[1].Status | Should -Be 200
        }

        It 'mode CredentialsURI' {
            Set-CliConfig @(@{ name = 'default'; mode = 'CredentialsURI'; credentials_uri = "$EmulatorUrl/_emulator/credentials-uri" })
            $run = Invoke-UpdateWithStreams
            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match "aliyun CLI profile 'default' \(CredentialsURI\)"
            (Get-SaeEmulatorStats).CredentialsUri | Should -Be 1
        }

        It 'mode External printing mode <Mode>' -TestCases @(@{ Mode = 'AK' }, @{ Mode = 'StsToken' }) {
            if ($Mode -eq 'AK') {
                $json = @{ mode = 'AK'; access_key_id = $KeyId; access_key_secret = $KeySecret } | ConvertTo-Json -Compress
                $secrets = @($KeySecret)
            }
            else {
                $sts = Get-EmulatorStsKey
                $json = @{ mode = 'StsToken'; access_key_id = $sts.AccessKeyId; access_key_secret = $sts.AccessKeySecret; sts_token = $sts.SecurityToken } | ConvertTo-Json -Compress
                $secrets = @($sts.AccessKeySecret, $sts.SecurityToken)
            }
            Set-CliConfig @(@{ name = 'ext'; mode = 'External'; process_command = (New-ExternalCommand $json) }) -Current 'ext'

            $run = Invoke-UpdateWithStreams

            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match "aliyun CLI profile 'ext' \(External\)"
            Assert-NoLeak -Text $run.Text -Secret $secrets -Where 'the output streams'
        }

        It 'External: a process that exits non-zero is CredentialsSourceFailed naming the profile, its output not repeated' {
            $json = @{ mode = 'AK'; access_key_id = $KeyId; access_key_secret = $KeySecret } | ConvertTo-Json -Compress
            Set-CliConfig @(@{ name = 'ext'; mode = 'External'; process_command = (New-ExternalCommand $json -ExitCode 3) }) -Current 'ext'

            $record = Get-ErrorRecord { Invoke-Update }

            $record.FullyQualifiedErrorId | Should -Be "CredentialsSourceFailed,$CommandId"
            $record.Exception.Message | Should -Match "aliyun CLI profile 'ext' \(External\)"
            $record.Exception.Message | Should -Match 'exited with code 3'
            Assert-NoLeak -Text ($record | Out-String), $record.Exception.ToString() -Secret $KeySecret -Where 'the error'
            (Get-SaeEmulatorStats).SaeRequests | Should -Be 0
        }

        It 'External: output that is not JSON is CredentialsSourceFailed, the output not repeated' {
            $leaky = "access_key_secret=$KeySecret"
            Set-CliConfig @(@{ name = 'ext'; mode = 'External'; process_command = (New-ExternalCommand $leaky) }) -Current 'ext'

            $record = Get-ErrorRecord { Invoke-Update }

            $record.FullyQualifiedErrorId | Should -Be "CredentialsSourceFailed,$CommandId"
            $record.Exception.Message | Should -Match "aliyun CLI profile 'ext' \(External\)"
            $record.Exception.Message | Should -Match 'not a JSON object'
            Assert-NoLeak -Text ($record | Out-String), $record.Exception.ToString() -Secret $KeySecret -Where 'the error'
        }

        It 'External: a program that does not exist is CredentialsSourceFailed naming it' {
            Set-CliConfig @(@{ name = 'ext'; mode = 'External'; process_command = (Join-Path $WorkDir 'no-such-program') + ' --flag' }) -Current 'ext'

            $record = Get-ErrorRecord { Invoke-Update }

            $record.FullyQualifiedErrorId | Should -Be "CredentialsSourceFailed,$CommandId"
            $record.Exception.Message | Should -Match 'no-such-program'
        }

        It 'mode <Mode> is CredentialsModeNotSupported naming the mode and the profile' -TestCases @(@{ Mode = 'CloudSSO' }, @{ Mode = 'OAuth' }) {
            Set-CliConfig @(@{ name = 'sso'; mode = $Mode; access_key_id = $KeyId; access_key_secret = $KeySecret }) -Current 'sso'

            $record = Get-ErrorRecord { Invoke-Update }

            $record.FullyQualifiedErrorId | Should -Be "CredentialsModeNotSupported,$CommandId"
            $record.Exception.Message | Should -Match "profile 'sso'"
            $record.Exception.Message | Should -Match "mode '$Mode'"
        }

        It 'ChainableRamRoleArn: a source_profile cycle is CredentialsInvalid naming the cycle' {
            Set-CliConfig @(
                @{ name = 'a'; mode = 'ChainableRamRoleArn'; source_profile = 'b'; ram_role_arn = $RoleArn },
                @{ name = 'b'; mode = 'ChainableRamRoleArn'; source_profile = 'a'; ram_role_arn = $RoleArn }
            ) -Current 'a'

            $record = Get-ErrorRecord { Invoke-Update }

            $record.FullyQualifiedErrorId | Should -Be "CredentialsInvalid,$CommandId"
            $record.Exception.Message | Should -Match 'cycle: a -> b -> a'
            (Get-SaeEmulatorStats).StsAssumeRole | Should -Be 0
        }

        It 'ChainableRamRoleArn: a source_profile that is not in the file is CredentialsInvalid' {
            Set-CliConfig @(@{ name = 'default'; mode = 'ChainableRamRoleArn'; source_profile = 'ghost'; ram_role_arn = $RoleArn })
            $record = Get-ErrorRecord { Invoke-Update }
            $record.FullyQualifiedErrorId | Should -Be "CredentialsInvalid,$CommandId"
            $record.Exception.Message | Should -Match "source_profile 'ghost'"
        }

        It 'a profile missing a field is CredentialsInvalid naming the field and the file' {
            Set-CliConfig @(@{ name = 'default'; mode = 'RamRoleArn'; access_key_id = $KeyId; access_key_secret = $KeySecret })
            $record = Get-ErrorRecord { Invoke-Update }
            $record.FullyQualifiedErrorId | Should -Be "CredentialsInvalid,$CommandId"
            $record.Exception.Message | Should -Match 'has no ram_role_arn'
            $record.Exception.Message | Should -Match ([regex]::Escape($CliPath))
            Assert-NoLeak -Text $record.Exception.Message -Secret $KeySecret -Where 'the error'
        }

        It 'a malformed config.json is CredentialsInvalid naming the file and line, without its content' {
            Set-Content -Path $CliPath -Value "{`n  `"current`": `"default`",`n  `"profiles`": [ { `"name`": `"default`", `"access_key_secret`": `"$KeySecret`" `n  oops ] }" -Encoding utf8
            $env:ALIBABA_CLOUD_CONFIG_FILE = $CliPath

            $record = Get-ErrorRecord { Invoke-Update }

            $record.FullyQualifiedErrorId | Should -Be "CredentialsInvalid,$CommandId"
            $record.Exception.Message | Should -Match ([regex]::Escape($CliPath))
            $record.Exception.Message | Should -Match 'not valid JSON \(near line \d+'
            Assert-NoLeak -Text ($record | Out-String), $record.Exception.ToString() -Secret $KeySecret -Where 'the error'
        }

        It 'uses the current profile by default, ALIBABA_CLOUD_PROFILE over it, and -ProfileName over both' {
            Set-CliConfig @((AkProfile 'one'), (AkProfile 'two'), (AkProfile 'three')) -Current 'one'
            (Invoke-UpdateWithStreams).Debug | Should -Match "profile 'one'"
            $env:ALIBABA_CLOUD_PROFILE = 'two'
            (Invoke-UpdateWithStreams).Debug | Should -Match "profile 'two'"
            (Invoke-UpdateWithStreams -Extra @{ ProfileName = 'three' }).Debug | Should -Match "profile 'three'"
        }

        It 'is skipped when ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true' {
            Set-CliConfig @(AkProfile)
            Set-CredentialsFile "[default]`ntype = access_key`naccess_key_id = $KeyId`naccess_key_secret = $KeySecret"
            $env:ALIBABA_CLOUD_CLI_PROFILE_DISABLED = 'true'

            (Invoke-UpdateWithStreams).Debug | Should -Match "credentials file profile 'default' \(access_key\)"
        }
    }

    Describe 'The credentials file (INI)' {
        BeforeEach { Use-EmulatorSts }

        It 'type access_key' {
            Set-CredentialsFile "# comment`n[default]`ntype = access_key`naccess_key_id = $KeyId`naccess_key_secret = $KeySecret"
            $run = Invoke-UpdateWithStreams
            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match "credentials file profile 'default' \(access_key\)"
            Assert-NoLeak -Text $run.Text -Secret $KeySecret -Where 'the output streams'
        }

        It 'type ecs_ram_role' {
            Use-EmulatorMetadata
            Set-CredentialsFile "[default]`ntype = ecs_ram_role`nrole_name = EmulatorEcsRole"
            $run = Invoke-UpdateWithStreams
            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match "credentials file profile 'default' \(ecs_ram_role\)"
            (Get-SaeEmulatorStats).MetadataCredentials | Should -Be 1
        }

        It 'type ram_role_arn' {
            Set-CredentialsFile "[default]`ntype = ram_role_arn`naccess_key_id = $KeyId`naccess_key_secret = $KeySecret`nrole_arn = $RoleArn`nrole_session_name = ini-session"
            $run = Invoke-UpdateWithStreams
            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match "credentials file profile 'default' \(ram_role_arn\)"
            (Get-StsRequest 'AssumeRole')[0].Query.RoleSessionName | Should -Be 'ini-session'
        }

        It 'type oidc_role_arn' {
            $token = New-TokenFile
            Set-CredentialsFile "[default]`ntype = oidc_role_arn`nrole_arn = $RoleArn`noidc_provider_arn = $OidcProviderArn`noidc_token_file_path = $token"
            $run = Invoke-UpdateWithStreams
            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match "credentials file profile 'default' \(oidc_role_arn\)"
            (Get-SaeEmulatorStats).StsAssumeRoleWithOidc | Should -Be 1
        }

        It 'an unknown type is CredentialsModeNotSupported naming it' {
            Set-CredentialsFile "[default]`ntype = rsa_key_pair`npublic_key_id = x"
            $record = Get-ErrorRecord { Invoke-Update }
            $record.FullyQualifiedErrorId | Should -Be "CredentialsModeNotSupported,$CommandId"
            $record.Exception.Message | Should -Match "type 'rsa_key_pair'"
        }

        It 'is found as ~/.alibabacloud/credentials.ini when ALIBABA_CLOUD_CREDENTIALS_FILE is unset' {
            Remove-Item Env:ALIBABA_CLOUD_CREDENTIALS_FILE
            $dir = New-Item -ItemType Directory -Path (Join-Path $WorkDir '.alibabacloud')
            Set-Content -Path (Join-Path $dir 'credentials.ini') -Value "[default]`ntype = access_key`naccess_key_id = $KeyId`naccess_key_secret = $KeySecret"
            (Invoke-UpdateWithStreams).Debug | Should -Match "credentials file profile 'default'"
        }

        It 'a malformed line is CredentialsInvalid naming the file and line, without the line' {
            Set-CredentialsFile "[default]`ntype = access_key`n$KeySecret`naccess_key_id = $KeyId"

            $record = Get-ErrorRecord { Invoke-Update }

            $record.FullyQualifiedErrorId | Should -Be "CredentialsInvalid,$CommandId"
            $record.Exception.Message | Should -Match ([regex]::Escape("'$IniPath' line 3"))
            Assert-NoLeak -Text ($record | Out-String), $record.Exception.ToString() -Secret $KeySecret -Where 'the error'
        }
    }

    Describe 'Precedence between sources' {
        BeforeEach {
            Use-EmulatorSts
            Use-EmulatorMetadata
            $env:ALIBABA_CLOUD_CREDENTIALS_URI = "$EmulatorUrl/_emulator/credentials-uri"
            Set-CredentialsFile "[default]`ntype = access_key`naccess_key_id = $KeyId`naccess_key_secret = $KeySecret"
            Set-CliConfig @(AkProfile)
            $env:ALIBABA_CLOUD_ROLE_ARN = $RoleArn
            $env:ALIBABA_CLOUD_OIDC_PROVIDER_ARN = $OidcProviderArn
            $env:ALIBABA_CLOUD_OIDC_TOKEN_FILE = New-TokenFile
            $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $KeyId
            $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $KeySecret
        }

        It 'environment first, then OIDC, CLI config, credentials file, instance metadata, credentials URI' {
            (Invoke-UpdateWithStreams).Debug | Should -Match 'from environment variables'
            Remove-Item Env:ALIBABA_CLOUD_ACCESS_KEY_ID, Env:ALIBABA_CLOUD_ACCESS_KEY_SECRET
            (Invoke-UpdateWithStreams).Debug | Should -Match "from OIDC role '"
            Remove-Item Env:ALIBABA_CLOUD_ROLE_ARN
            (Invoke-UpdateWithStreams).Debug | Should -Match "from aliyun CLI profile 'default' \(AK\)"
            $env:ALIBABA_CLOUD_CLI_PROFILE_DISABLED = 'true'
            (Invoke-UpdateWithStreams).Debug | Should -Match "from credentials file profile 'default' \(access_key\)"
            Remove-Item Env:ALIBABA_CLOUD_CREDENTIALS_FILE
            (Invoke-UpdateWithStreams).Debug | Should -Match "from ECS RAM role 'EmulatorEcsRole'"
            $env:ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true'
            (Invoke-UpdateWithStreams).Debug | Should -Match "from credentials URI '"

            $stats = Get-SaeEmulatorStats
            $stats.StsAssumeRoleWithOidc | Should -Be 1
            $stats.MetadataCredentials | Should -Be 1
            $stats.CredentialsUri | Should -Be 1
            $stats.SaeUpdatesApplied | Should -Be 6
        }

        It 'explicit -Credential beats every source' {
            (Invoke-UpdateWithStreams -Extra @{ Credential = $Credential }).Debug | Should -Match 'the -Credential parameter'
            (Get-SaeEmulatorStats).StsAssumeRoleWithOidc | Should -Be 0
        }

        It '-ProfileName uses that profile even when environment variables are set' {
            Set-CliConfig @((AkProfile), (RoleProfile 'prod'))
            (Invoke-UpdateWithStreams -Extra @{ ProfileName = 'prod' }).Debug | Should -Match "aliyun CLI profile 'prod' \(RamRoleArn\)"
        }
    }

    Describe 'A key, secret or token with a control character' {
        It '-Credential <Field> with <Kind> is CredentialsInvalid naming the field, and nothing is sent' -TestCases @(
            @{ Field = 'AccessKeyId'; Kind = 'CR LF'; Char = "`r`n" }
            @{ Field = 'AccessKeySecret'; Kind = 'LF'; Char = "`n" }
            @{ Field = 'SecurityToken'; Kind = 'NUL'; Char = [string][char]0 }
            @{ Field = 'SecurityToken'; Kind = 'DEL'; Char = [string][char]0x7f }
        ) {
            $visible = 'Ctl-Distinct-58'
            $bad = $visible + $Char + 'X-Injected: 1'
            $id = if ($Field -eq 'AccessKeyId') { $bad } else { $KeyId }
            $secret = if ($Field -eq 'AccessKeySecret') { $bad } else { $KeySecret }
            $token = if ($Field -eq 'SecurityToken') { $bad } else { 'token' }
            $credential = [pscredential]::new($id, (ConvertTo-SecureString $secret -AsPlainText -Force))

            $record = Get-ErrorRecord { Invoke-Update -Extra @{ Credential = $credential; SecurityToken = (ConvertTo-SecureString $token -AsPlainText -Force) } }

            $record.FullyQualifiedErrorId | Should -Be "CredentialsInvalid,$CommandId"
            $record.Exception.Message | Should -Match "^the -Credential and -SecurityToken parameters: the $Field contains a control character"
            Assert-NoLeak -Text ($record | Out-String), $record.Exception.ToString() -Secret $visible -Where 'the error'
            (Get-SaeEmulatorStats).SaeRequests | Should -Be 0
        }
    }

    Describe 'A named profile that does not exist' {
        It 'from -ProfileName is CredentialsProfileNotFound naming both files, and nothing is sent' {
            Set-CliConfig @(AkProfile)
            Set-CredentialsFile "[default]`ntype = access_key`naccess_key_id = $KeyId`naccess_key_secret = $KeySecret"
            $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $KeyId
            $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $KeySecret

            $record = Get-ErrorRecord { Invoke-Update -Extra @{ ProfileName = 'typo' } }

            $record.FullyQualifiedErrorId | Should -Be "CredentialsProfileNotFound,$CommandId"
            $record.Exception.Message | Should -Match "profile 'typo' \(from -ProfileName\)"
            $record.Exception.Message | Should -Match ([regex]::Escape($CliPath))
            $record.Exception.Message | Should -Match ([regex]::Escape($IniPath))
            @(Get-SaeEmulatorRequest).Count | Should -Be 0
        }

        It 'from ALIBABA_CLOUD_PROFILE is CredentialsProfileNotFound, never a fallback to another profile' {
            Set-CliConfig @(AkProfile)
            $env:ALIBABA_CLOUD_PROFILE = 'typo'

            $record = Get-ErrorRecord { Invoke-Update }

            $record.FullyQualifiedErrorId | Should -Be "CredentialsProfileNotFound,$CommandId"
            $record.Exception.Message | Should -Match 'ALIBABA_CLOUD_PROFILE'
            $record.Exception.Message | Should -Match 'does not exist'
            @(Get-SaeEmulatorRequest).Count | Should -Be 0
        }

        It 'from ALIBABA_CLOUD_PROFILE does not stop the environment keys, which come first in the chain' {
            Set-CliConfig @(AkProfile)
            $env:ALIBABA_CLOUD_PROFILE = 'typo'
            $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $KeyId
            $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $KeySecret

            $run = Invoke-UpdateWithStreams

            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match 'from environment variables'
        }

        It 'is found in the credentials file when the CLI config does not have it' {
            Set-CliConfig @(AkProfile)
            Set-CredentialsFile "[ini-only]`ntype = access_key`naccess_key_id = $KeyId`naccess_key_secret = $KeySecret"
            (Invoke-UpdateWithStreams -Extra @{ ProfileName = 'ini-only' }).Debug | Should -Match "credentials file profile 'ini-only'"
        }
    }

    Describe 'ECS instance metadata' {
        BeforeEach { Use-EmulatorMetadata }

        It 'IMDSv2: gets a session token and sends it with each metadata request' {
            $run = Invoke-UpdateWithStreams

            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match "ECS RAM role 'EmulatorEcsRole'"
            $stats = Get-SaeEmulatorStats
            $stats.MetadataToken | Should -Be 1
            $stats.MetadataRoleList | Should -Be 1
            $stats.MetadataCredentials | Should -Be 1
            $token = Get-SaeEmulatorRequest | Where-Object Path -EQ '/latest/api/token'
            $token.Method | Should -Be 'PUT'
            $token.Headers.'x-aliyun-ecs-metadata-token-ttl-seconds' | Should -Be '21600'
            foreach ($get in Get-SaeEmulatorRequest | Where-Object { $_.Path -like '/latest/meta-data/*' }) {
                $get.Headers.'x-aliyun-ecs-metadata-token' | Should -Not -BeNullOrEmpty
            }
        }

        It 'IMDSv2 required by the instance works' {
            Invoke-SaeEmulatorAdmin -Method PUT -Path config -Body @{ MetadataMode = 'v2required' } | Out-Null
            (Invoke-Update).Success | Should -BeTrue
        }

        It 'falls back to IMDSv1 when the token request fails' {
            Invoke-SaeEmulatorAdmin -Method PUT -Path config -Body @{ MetadataMode = 'v1only' } | Out-Null

            (Invoke-Update).Success | Should -BeTrue

            (Get-SaeEmulatorStats).MetadataCredentials | Should -Be 1
            $get = Get-SaeEmulatorRequest | Where-Object { $_.Path -eq '/latest/meta-data/ram/security-credentials/EmulatorEcsRole' }
            $get.Headers.'x-aliyun-ecs-metadata-token' | Should -BeNullOrEmpty
        }

        It 'does not fall back to IMDSv1 when ALIBABA_CLOUD_IMDSV1_DISABLED=true' {
            Invoke-SaeEmulatorAdmin -Method PUT -Path config -Body @{ MetadataMode = 'v1only' } | Out-Null
            $env:ALIBABA_CLOUD_IMDSV1_DISABLED = 'true'

            $record = Get-ErrorRecord { Invoke-Update }

            $record.FullyQualifiedErrorId | Should -Be "CredentialsNotFound,$CommandId"
            $record.Exception.Message | Should -Match 'ECS instance metadata: the IMDSv2 token request .* failed \(HTTP 404\) and ALIBABA_CLOUD_IMDSV1_DISABLED is true'
            $stats = Get-SaeEmulatorStats
            $stats.MetadataRoleList + $stats.MetadataCredentials | Should -Be 0
        }

        It 'uses the role named by ALIBABA_CLOUD_ECS_METADATA without listing roles' {
            $env:ALIBABA_CLOUD_ECS_METADATA = 'EmulatorEcsRole'
            (Invoke-Update).Success | Should -BeTrue
            (Get-SaeEmulatorStats).MetadataRoleList | Should -Be 0
        }

        It 'an instance without a RAM role is skipped with that reason' {
            Invoke-SaeEmulatorAdmin -Method PUT -Path config -Body @{ EcsRoleName = '' } | Out-Null
            $record = Get-ErrorRecord { Invoke-Update }
            $record.FullyQualifiedErrorId | Should -Be "CredentialsNotFound,$CommandId"
            $record.Exception.Message | Should -Match 'ECS instance metadata: no RAM role is attached'
        }
    }

    Describe 'ALIBABA_CLOUD_CREDENTIALS_URI' {
        It 'is used last, and named without its query' {
            $env:ALIBABA_CLOUD_CREDENTIALS_URI = "$EmulatorUrl/_emulator/credentials-uri?token=uri-query-Distinct-93"
            $run = Invoke-UpdateWithStreams
            $run.Result.Success | Should -BeTrue
            $run.Debug | Should -Match ([regex]::Escape("credentials URI '$EmulatorUrl/_emulator/credentials-uri'"))
            Assert-NoLeak -Text $run.Text -Secret 'uri-query-Distinct-93' -Where 'the output streams'
        }

        It 'an error status is CredentialsSourceFailed' {
            Invoke-SaeEmulatorAdmin -Method PUT -Path config -Body @{ CredentialsUriStatus = 500 } | Out-Null
            $env:ALIBABA_CLOUD_CREDENTIALS_URI = "$EmulatorUrl/_emulator/credentials-uri"
            $record = Get-ErrorRecord { Invoke-Update }
            $record.FullyQualifiedErrorId | Should -Be "CredentialsSourceFailed,$CommandId"
            $record.Exception.Message | Should -Match 'HTTP 500'
        }
    }

    Describe 'Temporary credentials are cached for the process and refreshed before they expire' {
        BeforeEach {
            Use-EmulatorSts
            Set-CliConfig @(RoleProfile)
        }

        It 'a 200-record pipeline, and a second pipeline after it, make exactly one AssumeRole call' {
            $records = 1..200 | ForEach-Object { [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = ($_ % 20) + 1; SecretData = @{ k = "v$_" } } }

            $results = $records | Update-SaeSecret -Endpoint $EmulatorUrl
            Invoke-Update | Out-Null

            @($results | Where-Object Success).Count | Should -Be 200
            $stats = Get-SaeEmulatorStats
            $stats.StsAssumeRole | Should -Be 1
            $stats.SaeUpdatesApplied | Should -Be 201
        }

        It 'a pipeline that outlives a 3-second credential refreshes it and never fails' {
            Invoke-SaeEmulatorAdmin -Method PUT -Path config -Body @{ CredentialLifetimeSeconds = 3 } | Out-Null
            $results = 1..8 | ForEach-Object {
                Start-Sleep -Milliseconds 700
                [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = $_; SecretData = @{ k = "v$_" } }
            } | Update-SaeSecret -Endpoint $EmulatorUrl

            @($results | Where-Object Success).Count | Should -Be 8
            $stats = Get-SaeEmulatorStats
            $stats.StsAssumeRole | Should -BeGreaterOrEqual 2
            $stats.StsAssumeRole | Should -BeLessThan 8 -Because 'a 3 s key is reused for about 2 s, not fetched per record'
            @(Get-SaeEmulatorRequest | Where-Object { $_.Service -eq 'sae' -and $_.Status -ne 200 }).Count | Should -Be 0
        }

        It 'concurrent runspaces share one fetch' {
            $module = $env:SAESECRET_MODULE_PATH
            $url = $EmulatorUrl
            $results = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
                Import-Module $using:module
                Update-SaeSecret -NamespaceId 'cn-hangzhou:prod' -SecretId $_ -SecretData @{ k = 'v' } -Endpoint $using:url
            }

            @($results | Where-Object Success).Count | Should -Be 8
            (Get-SaeEmulatorStats).StsAssumeRole | Should -Be 1
        }

        It 'a key the service calls expired (InvalidSecurityToken.Expired) is replaced once and the call succeeds' {
            Invoke-Update | Out-Null
            Add-SaeEmulatorFault -Kind status -Status 400 -Code 'InvalidSecurityToken.Expired'

            $result = Invoke-Update -Extra @{ MaxRetries = 0 }

            $result.Success | Should -BeTrue
            $stats = Get-SaeEmulatorStats
            $stats.StsAssumeRole | Should -Be 2
            $stats.SaeUpdatesApplied | Should -Be 2
            $keys = @(Get-SaeEmulatorRequest | Where-Object Service -EQ 'sae' | ForEach-Object { ($_.Headers.authorization -split 'Credential=')[1].Split(',')[0] })
            $keys.Count | Should -Be 3
            $keys[1] | Should -Be $keys[0] -Because 'the cached key is used until the service rejects it'
            $keys[2] | Should -Not -Be $keys[1] -Because 'the rejected key is replaced, not sent again'
        }

        It 'TemporaryCredentialCache.Clear() makes the next call fetch again' {
            Invoke-Update | Out-Null
            Clear-SaeModuleState -Credentials
            Invoke-Update | Out-Null
            (Get-SaeEmulatorStats).StsAssumeRole | Should -Be 2
        }
    }
}

# The runner's own environment, not the emptied chain above: keys in the variables, or none anywhere.
Describe 'Access keys in the environment variables' {
    BeforeEach { Reset-SaeEmulator }

    It 'takes credentials from the environment variables' {
        $saved = @{}
        foreach ($name in 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $KeyId
            $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $KeySecret
            $env:ALIBABA_CLOUD_SECURITY_TOKEN = $null
            $result = Update-SaeSecret 'cn-beijing' 7 @{ k = 'v' } -Endpoint $EmulatorUrl
            $result.Success | Should -BeTrue
            (Get-SaeEmulatorRequest | Select-Object -Last 1).Headers.authorization | Should -BeLike "ACS3-HMAC-SHA256 Credential=$KeyId,*"
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    It 'no credentials anywhere: CredentialsNotFound says how to provide them' {
        $saved = @{}
        foreach ($name in 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN') { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $null) }
        try {
            $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } -Endpoint $EmulatorUrl }
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
        $record.FullyQualifiedErrorId | Should -Be "CredentialsNotFound,$CommandId"
        $record.Exception.Message | Should -Match '-Credential'
        $record.Exception.Message | Should -Match 'ALIBABA_CLOUD_ACCESS_KEY_ID'
        @(Get-SaeEmulatorRequest).Count | Should -Be 0
    }
}
