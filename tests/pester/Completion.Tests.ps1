# Live tab completion of -NamespaceId and -SecretName through TabExpansion2, against the emulator.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    $script:EnvNamePattern = '^(ALIBABA_CLOUD_|SAESECRET_)|^(HOME|USERPROFILE)$'
    $script:Pwsh = Join-Path $PSHOME 'pwsh.dll'

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

    # The completions offered at the end of the line.
    function Complete([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }

    # The completion cache lives per runspace for 60 s; every test starts without one.
    function Clear-CompletionCache {
        $type = [SaeSecret.SaeServiceException].Assembly.GetType('SaeSecret.PowerShell.Commands.LiveCompleter', $true)
        $type.GetMethod('ForgetThisRunspace', [Reflection.BindingFlags]'NonPublic,Static').Invoke($null, @()) | Out-Null
    }

    function Get-ActionCount([string] $Action) { Get-SaeEmulatorActionCount -Action $Action }
}

Describe 'Live argument completion' {
    BeforeEach {
        $script:SavedEnvironment = Get-CredentialEnvironment
        Reset-SaeEmulator
        Clear-SaeModuleState -Credentials
        Clear-CompletionCache
        $script:WorkDir = Join-Path ([IO.Path]::GetTempPath()) ('saesecret-complete-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $WorkDir | Out-Null
        foreach ($name in 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN', 'ALIBABA_CLOUD_PROFILE', 'ALIBABA_CLOUD_REGION_ID') {
            [Environment]::SetEnvironmentVariable($name, $null)
        }
        $env:ALIBABA_CLOUD_CONFIG_FILE = Join-Path $WorkDir 'no-config.json'
        $env:ALIBABA_CLOUD_CREDENTIALS_FILE = Join-Path $WorkDir 'no-credentials'
        $env:ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true'
        $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $KeyId
        $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $KeySecret
        $script:ErrorsBefore = $global:Error.Count
    }

    AfterEach {
        Restore-CredentialEnvironment $SavedEnvironment
        Clear-SaeModuleState -Credentials
        Clear-CompletionCache
        Remove-Item -Recurse -Force $WorkDir -ErrorAction SilentlyContinue
    }

    Context '-NamespaceId' {
        It 'offers the namespaces of -RegionId, described by name, on every secret cmdlet' {
            foreach ($command in 'Get-SaeSecret', 'New-SaeSecret', 'Set-SaeSecret', 'Update-SaeSecret', 'Remove-SaeSecret') {
                $matches_ = Complete "$command -Endpoint $EmulatorUrl -RegionId cn-beijing -NamespaceId "
                $matches_.CompletionText | Should -Be @('cn-beijing', 'cn-beijing:test') -Because $command
                $matches_.ListItemText | Should -Be @('cn-beijing', 'cn-beijing:test')
                ($matches_ | Where-Object CompletionText -EQ 'cn-beijing:test').ToolTip | Should -Be 'test (cn-beijing:test)'
                $matches_.ResultType | Select-Object -Unique | Should -Be 'ParameterValue'
            }
            $global:Error.Count | Should -Be $ErrorsBefore
        }

        It 'narrows to what was typed, quoted or not, and at position 0' {
            (Complete "Get-SaeSecret -Endpoint $EmulatorUrl -RegionId cn-beijing -NamespaceId cn-beijing:").CompletionText | Should -Be 'cn-beijing:test'
            (Complete "Get-SaeSecret -Endpoint $EmulatorUrl -RegionId cn-beijing -NamespaceId 'cn-beijing:t").CompletionText | Should -Be "'cn-beijing:test'"
            (Complete "Get-SaeSecret -Endpoint $EmulatorUrl -RegionId cn-beijing -NamespaceId `"cn-beijing:t").CompletionText | Should -Be '"cn-beijing:test"'
            (Complete "Get-SaeSecret -Endpoint $EmulatorUrl -RegionId cn-beijing cn-beijing:").CompletionText | Should -Be 'cn-beijing:test'
            Complete "Get-SaeSecret -Endpoint $EmulatorUrl -RegionId cn-beijing -NamespaceId cn-shanghai" | Should -HaveCount 0
        }

        It 'takes the region from -RegionId, else the default region (here the -ProfileName profile''s region_id)' {
            (Complete "Get-SaeSecret -Endpoint $EmulatorUrl -RegionId cn-hangzhou -NamespaceId cn-hangzhou:p").CompletionText | Should -Be @('cn-hangzhou:prod')

            $cli = Join-Path $WorkDir 'config.json'
            @{ current = 'default'; profiles = @(
                    @{ name = 'default'; mode = 'AK'; access_key_id = $KeyId; access_key_secret = $KeySecret; region_id = 'cn-beijing' },
                    @{ name = 'hz'; mode = 'AK'; access_key_id = $KeyId; access_key_secret = $KeySecret; region_id = 'cn-hangzhou' }
                ) } | ConvertTo-Json -Depth 5 | Set-Content -Path $cli -Encoding utf8
            $env:ALIBABA_CLOUD_CONFIG_FILE = $cli
            $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $null
            $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $null
            (Complete "Get-SaeSecret -Endpoint $EmulatorUrl -ProfileName hz -NamespaceId cn-hangzhou:p").CompletionText | Should -Be @('cn-hangzhou:prod')
            (Complete "Get-SaeSecret -Endpoint $EmulatorUrl -NamespaceId ").CompletionText | Should -Be @('cn-beijing', 'cn-beijing:test')
            $env:ALIBABA_CLOUD_REGION_ID = 'cn-hangzhou'
            (Complete "Get-SaeSecret -Endpoint $EmulatorUrl -NamespaceId cn-").ListItemText | Should -Be @('cn-hangzhou:prod', "cn-hangzhou:ns with space*~!'()")
        }

        It 'honours the typed -ProfileName for the key too: a profile with a wrong key offers nothing' {
            $cli = Join-Path $WorkDir 'config.json'
            @{ current = 'default'; profiles = @(
                    @{ name = 'wrong'; mode = 'AK'; access_key_id = $KeyId; access_key_secret = $WrongKeySecret; region_id = 'cn-beijing' }
                ) } | ConvertTo-Json -Depth 5 | Set-Content -Path $cli -Encoding utf8
            $env:ALIBABA_CLOUD_CONFIG_FILE = $cli
            Complete "Get-SaeSecret -Endpoint $EmulatorUrl -ProfileName wrong -NamespaceId " | Should -HaveCount 0
            Complete "Get-SaeSecret -Endpoint $EmulatorUrl -ProfileName missing -RegionId cn-beijing -NamespaceId " | Should -HaveCount 0
            $global:Error.Count | Should -Be $ErrorsBefore
        }

        It 'honours a typed -Credential' {
            $global:CompletionTestCredential = [pscredential]::new('DeniedKeyId', (ConvertTo-SecureString $DeniedKeySecret -AsPlainText -Force))
            try {
                Complete "Get-SaeSecret -Endpoint $EmulatorUrl -RegionId cn-beijing -Credential `$CompletionTestCredential -NamespaceId " | Should -HaveCount 0
                (Complete "Get-SaeSecret -Endpoint $EmulatorUrl -RegionId cn-beijing -NamespaceId ").CompletionText | Should -Contain 'cn-beijing:test'
            }
            finally { Remove-Variable -Scope Global -Name CompletionTestCredential }
        }

        It 'offers nothing without a region, and for a malformed -RegionId or -Endpoint, sending nothing' {
            Complete "Get-SaeSecret -Endpoint $EmulatorUrl -NamespaceId " | Should -HaveCount 0
            Complete "Get-SaeSecret -Endpoint $EmulatorUrl -RegionId 'Not A Region' -NamespaceId " | Should -HaveCount 0
            Complete "Get-SaeSecret -Endpoint 'not a url' -RegionId cn-beijing -NamespaceId " | Should -HaveCount 0
            Complete "Get-SaeSecret -Endpoint http://sae.example.com -RegionId cn-beijing -NamespaceId " | Should -HaveCount 0
            # Nothing listening there: no network.
            Complete "Get-SaeSecret -Endpoint http://127.0.0.1:1 -RegionId cn-beijing -NamespaceId " | Should -HaveCount 0
            Get-ActionCount SaeDescribeNamespaceList | Should -Be 0
            $global:Error.Count | Should -Be $ErrorsBefore
        }

        It 'quotes an id that needs it, so that it reads back as the id' {
            $id = "cn-hangzhou:ns with space*~!'()"
            foreach ($typed in 'cn-hangzhou:n', "'cn-hangzhou:n", '"cn-hangzhou:n') {
                $offered = @(Complete "Get-SaeSecret -Endpoint $EmulatorUrl -RegionId cn-hangzhou -NamespaceId $typed")
                $offered | Should -HaveCount 1
                $offered[0].ListItemText | Should -BeExactly $id
                $offered[0].CompletionText | Should -Not -BeExactly $id
                (& ([scriptblock]::Create("Write-Output $($offered[0].CompletionText)"))) | Should -BeExactly $id
            }
            (Complete "Get-SaeSecret -Endpoint $EmulatorUrl -RegionId cn-hangzhou -NamespaceId cn-hangzhou:n").CompletionText | Should -BeExactly "'cn-hangzhou:ns with space*~!''()'"
        }

        It 'asks once per minute for the same region and endpoint (cached per runspace)' {
            $line = "Get-SaeSecret -Endpoint $EmulatorUrl -RegionId cn-beijing -NamespaceId "
            Complete $line | Should -HaveCount 2
            Complete ($line + 'cn-beijing:') | Should -HaveCount 1
            Complete $line | Should -HaveCount 2
            Get-ActionCount SaeDescribeNamespaceList | Should -Be 1
            Complete "Get-SaeSecret -Endpoint $EmulatorUrl -RegionId cn-hangzhou -NamespaceId " | Out-Null
            Get-ActionCount SaeDescribeNamespaceList | Should -Be 2
            # Another runspace has its own cache.
            $ps = [powershell]::Create()
            try {
                $ps.AddScript('param($m, $l) Import-Module $m; @((TabExpansion2 -inputScript $l -cursorColumn $l.Length).CompletionMatches).Count').AddArgument($env:SAESECRET_MODULE_PATH).AddArgument($line) | Out-Null
                $ps.Invoke() | Should -Be 2
            }
            finally { $ps.Dispose() }
            Get-ActionCount SaeDescribeNamespaceList | Should -Be 3
        }

        It 'gives up on a slow endpoint after 3 s with no completions and no error, and does not keep the failure' {
            Add-SaeEmulatorActionFault -Action DescribeNamespaceList -Kind delay -DelayMs 20000
            $line = "Get-SaeSecret -Endpoint $EmulatorUrl -RegionId cn-beijing -NamespaceId "
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $offered = Complete $line
            $watch.Stop()
            $offered | Should -HaveCount 0
            # Generous: the endpoint would have answered after 20 s.
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
            $global:Error.Count | Should -Be $ErrorsBefore
            Get-ActionCount SaeDescribeNamespaceList | Should -Be 1
            (Complete $line).CompletionText | Should -Be @('cn-beijing', 'cn-beijing:test')
        }
    }

    Context '-SecretName' {
        It 'offers the secret names of the typed -NamespaceId on Get-, New- and Set-SaeSecret, never a value' {
            foreach ($command in 'Get-SaeSecret', 'New-SaeSecret', 'Set-SaeSecret') {
                $matches_ = Complete "$command -Endpoint $EmulatorUrl -NamespaceId cn-beijing:test -SecretName "
                $matches_.CompletionText | Should -Be @('app-config', 'registry-login', 'web-tls') -Because $command
                ($matches_ | Where-Object CompletionText -EQ 'app-config').ToolTip | Should -Be 'app-config (Opaque, SecretId 16)'
            }
            $text = (Complete "Get-SaeSecret -Endpoint $EmulatorUrl -NamespaceId cn-beijing:test -SecretName " | Format-List * | Out-String)
            foreach ($secret in Get-SaeEmulatorSecretList -NamespaceId 'cn-beijing:test') {
                foreach ($value in $secret.Data.PSObject.Properties.Value) {
                    $text | Should -Not -Match ([regex]::Escape($value))
                    $text | Should -Not -Match ([regex]::Escape((ConvertFrom-Base64Utf8 $value)))
                }
            }
            Get-ActionCount SaeListSecrets | Should -Be 1
        }

        It 'narrows by prefix or wildcard, with a positional namespace, and -RegionId overriding the namespace''s region' {
            (Complete "Get-SaeSecret cn-beijing:test -Endpoint $EmulatorUrl -SecretName reg").CompletionText | Should -Be 'registry-login'
            (Complete "Get-SaeSecret cn-beijing:test -Endpoint $EmulatorUrl -SecretName *-l").CompletionText | Should -Be 'registry-login'
            (Complete "Get-SaeSecret cn-beijing:test -Endpoint $EmulatorUrl -SecretName 'web").CompletionText | Should -Be "'web-tls'"
            (Complete "Get-SaeSecret cn-beijing:test -Endpoint $EmulatorUrl -RegionId cn-beijing -SecretName app").CompletionText | Should -Be 'app-config'
            (Complete "Get-SaeSecret cn-beijing:test -Endpoint $EmulatorUrl -RegionId 'Not A Region' -SecretName app") | Should -HaveCount 0
        }

        It 'offers nothing without a -NamespaceId, or for one that does not exist, writing no error' {
            Complete "Get-SaeSecret -Endpoint $EmulatorUrl -SecretName " | Should -HaveCount 0
            Complete "Get-SaeSecret -Endpoint $EmulatorUrl -NamespaceId 'bad namespace' -SecretName " | Should -HaveCount 0
            Complete "Get-SaeSecret -Endpoint $EmulatorUrl -NamespaceId cn-beijing:nosuch -SecretName " | Should -HaveCount 0
            $global:Error.Count | Should -Be $ErrorsBefore
        }

        It 'gives up on a slow endpoint with no completions' {
            Add-SaeEmulatorActionFault -Action ListSecrets -Kind delay -DelayMs 20000
            $watch = [Diagnostics.Stopwatch]::StartNew()
            Complete "Get-SaeSecret -Endpoint $EmulatorUrl -NamespaceId cn-beijing:test -SecretName " | Should -HaveCount 0
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
            $global:Error.Count | Should -Be $ErrorsBefore
        }
    }

    Context 'In a fresh pwsh with no credentials' {
        It 'offers nothing, asks nothing, and leaves $Error empty' {
            $child = @'
param($ModulePath, $Endpoint)
$ErrorActionPreference = 'Continue'
Import-Module $ModulePath
$before = $Error.Count
$lines = @(
    "Get-SaeSecret -Endpoint $Endpoint -RegionId cn-beijing -NamespaceId ",
    "Get-SaeSecret -Endpoint $Endpoint -NamespaceId cn-beijing:test -SecretName ",
    "Set-SaeSecret -Endpoint $Endpoint -NamespaceId "
)
$counts = foreach ($line in $lines) { @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches).Count }
[pscustomobject]@{ Counts = @($counts); Errors = $Error.Count - $before } | ConvertTo-Json -Compress
'@
            $script = Join-Path $WorkDir 'complete.ps1'
            Set-Content -Path $script -Value $child -Encoding utf8
            $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $null
            $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $null
            $env:HOME = $WorkDir
            $env:USERPROFILE = $WorkDir
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $json = & dotnet $Pwsh -NoProfile -NonInteractive -File $script $env:SAESECRET_MODULE_PATH $EmulatorUrl
            $watch.Stop()
            $LASTEXITCODE | Should -Be 0
            $outcome = ($json | Select-Object -Last 1) | ConvertFrom-Json
            $outcome.Counts | Should -Be @(0, 0, 0)
            $outcome.Errors | Should -Be 0
            Get-ActionCount SaeDescribeNamespaceList | Should -Be 0
            Get-ActionCount SaeListSecrets | Should -Be 0
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 60
        }
    }
}
