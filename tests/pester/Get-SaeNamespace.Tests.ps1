# Get-SaeNamespace: the namespaces of one region (from -RegionId, ALIBABA_CLOUD_REGION_ID or the aliyun CLI profile),
# its errors, and its records piped into Get-SaeSecret.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    # Sets environment variables for the scriptblock only; what was there before comes back afterwards.
    function Invoke-WithEnvironment([hashtable] $Variables, [scriptblock] $Action) {
        $saved = @{}
        foreach ($name in $Variables.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $Variables[$name])
        }
        try { & $Action }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    # An aliyun CLI config.json with one profile per region given, the first current; returns its path.
    function New-CliConfig([string[]] $Regions) {
        $profiles = for ($i = 0; $i -lt $Regions.Count; $i++) {
            @{ name = "p$i"; mode = 'AK'; access_key_id = 'x'; access_key_secret = 'y'; region_id = $Regions[$i] }
        }
        $path = Join-Path ([IO.Path]::GetTempPath()) "saesecret-lifecycle-cli-$([guid]::NewGuid()).json"
        @{ current = 'p0'; profiles = @($profiles) } | ConvertTo-Json -Depth 5 | Set-Content -Path $path -Encoding utf8
        $path
    }

    # What the emulator knows of a region's namespaces, by id.
    function Get-RegionNamespaceId([string] $RegionId) {
        @(Get-SaeEmulatorNamespace | Where-Object RegionId -EQ $RegionId | ForEach-Object NamespaceId | Sort-Object)
    }
}

# -Debug always comes with -Verbose here: PowerShell makes a compiled cmdlet's WriteVerbose ask (Inquire) when only
# -Debug is given, which fails in a non-interactive host as soon as $VerbosePreference lets the module write Verbose.
Describe 'Get-SaeNamespace' {
    BeforeEach { Reset-SaeEmulator }

    It 'writes SaeNamespace objects with every field' {
        $namespaces = @(Get-SaeNamespace -RegionId 'cn-beijing' @Connection)
        $test = $namespaces | Where-Object NamespaceId -EQ 'cn-beijing:test'
        $test.GetType() | Should -Be ([SaeSecret.SaeNamespace])
        $test.NamespaceName | Should -Be 'test'
        $test.RegionId | Should -Be 'cn-beijing'
        $test.NameSpaceShortId | Should -Be 'test'
        $test.VpcId | Should -Be 'vpc-2zeemubeijing0000001'
        $test.Custom | Should -BeTrue
        $default = $namespaces | Where-Object NamespaceId -EQ 'cn-beijing'
        $default.Custom | Should -BeFalse
        $default.NamespaceName | Should -Be 'cn-beijing'

        $request = Get-SaeRequest
        $request.Count | Should -Be 1
        $request[0].Headers.'x-acs-action' | Should -Be 'DescribeNamespaceList'
        $request[0].Query.ContainCustom | Should -Be 'true'
    }

    It '-RegionId cn-beijing lists the namespaces of cn-beijing only' {
        $namespaces = @(Get-SaeNamespace -RegionId 'cn-beijing' @Connection)
        @($namespaces.NamespaceId | Sort-Object) | Should -Be (Get-RegionNamespaceId 'cn-beijing')
        $namespaces.RegionId | Should -Not -Contain 'cn-hangzhou'
    }

    It 'without -RegionId: ALIBABA_CLOUD_REGION_ID' {
        $output = Invoke-WithEnvironment @{ ALIBABA_CLOUD_REGION_ID = 'cn-hangzhou' } { Get-SaeNamespace @Connection -Verbose -Debug *>&1 }
        $debug = @($output | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message
        $debug | Should -Contain 'Region: cn-hangzhou (default)'
        $namespaces = @($output | Where-Object { $_ -is [SaeSecret.SaeNamespace] })
        @($namespaces.NamespaceId | Sort-Object) | Should -Be (Get-RegionNamespaceId 'cn-hangzhou')
    }

    It 'without -RegionId or the variable: the aliyun CLI profile''s region_id (the current one, or -ProfileName''s)' {
        $config = New-CliConfig -Regions 'cn-hangzhou', 'cn-beijing'
        try {
            $variables = @{ ALIBABA_CLOUD_REGION_ID = $null; ALIBABA_CLOUD_PROFILE = $null; ALIBABA_CLOUD_CLI_PROFILE_DISABLED = $null; ALIBABA_CLOUD_CONFIG_FILE = $config }
            $current, $named = Invoke-WithEnvironment $variables {
                , @(Get-SaeNamespace @Connection -Verbose -Debug *>&1)
                , @(Get-SaeNamespace @Connection -ProfileName 'p1' -Verbose -Debug *>&1)
            }
        }
        finally { Remove-Item $config }
        @($current | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message | Should -Contain 'Region: cn-hangzhou (default)'
        @($named | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message | Should -Contain 'Region: cn-beijing (default)'
        @($current | Where-Object { $_ -is [SaeSecret.SaeNamespace] }).RegionId | Sort-Object -Unique | Should -Be 'cn-hangzhou'
        @($named | Where-Object { $_ -is [SaeSecret.SaeNamespace] }).RegionId | Sort-Object -Unique | Should -Be 'cn-beijing'
    }

    It '-RegionId wins over the variable, and the variable over the profile' {
        $config = New-CliConfig -Regions 'cn-shanghai'
        try {
            $variables = @{ ALIBABA_CLOUD_REGION_ID = 'cn-hangzhou'; ALIBABA_CLOUD_PROFILE = $null; ALIBABA_CLOUD_CLI_PROFILE_DISABLED = $null; ALIBABA_CLOUD_CONFIG_FILE = $config }
            $fromVariable, $explicit = Invoke-WithEnvironment $variables {
                , @(Get-SaeNamespace @Connection -Verbose -Debug *>&1)
                , @(Get-SaeNamespace -RegionId 'cn-beijing' @Connection -Verbose -Debug *>&1)
            }
        }
        finally { Remove-Item $config }
        @($fromVariable | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message | Should -Contain 'Region: cn-hangzhou (default)'
        @($explicit | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message | Should -Contain 'Region: cn-beijing'
    }

    It 'no region anywhere: RegionIdMissing, InvalidArgument, nothing sent' {
        $variables = @{ ALIBABA_CLOUD_REGION_ID = $null; ALIBABA_CLOUD_PROFILE = $null }
        $record = Invoke-WithEnvironment $variables { Get-ErrorRecord { Get-SaeNamespace @Connection } }
        $record.FullyQualifiedErrorId | Should -Be "RegionIdMissing,$NamespaceCommandId"
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.Exception.Message | Should -Match '-RegionId'
        $record.Exception.Message | Should -Match 'ALIBABA_CLOUD_REGION_ID'
        @(Get-SaeRequest).Count | Should -Be 0
    }

    It 'a profile without region_id is no region either: RegionIdMissing' {
        $config = New-CliConfig -Regions ''
        try {
            $variables = @{ ALIBABA_CLOUD_REGION_ID = $null; ALIBABA_CLOUD_PROFILE = $null; ALIBABA_CLOUD_CLI_PROFILE_DISABLED = $null; ALIBABA_CLOUD_CONFIG_FILE = $config }
            $record = Invoke-WithEnvironment $variables { Get-ErrorRecord { Get-SaeNamespace @Connection } }
        }
        finally { Remove-Item $config }
        $record.FullyQualifiedErrorId | Should -Be "RegionIdMissing,$NamespaceCommandId"
        @(Get-SaeRequest).Count | Should -Be 0
    }

    It 'a malformed region: RegionIdInvalid, nothing sent' {
        $record = Get-ErrorRecord { Get-SaeNamespace -RegionId 'CN_Beijing' @Connection }
        $record.FullyQualifiedErrorId | Should -Be "RegionIdInvalid,$NamespaceCommandId"
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-SaeRequest).Count | Should -Be 0
    }

    It 'takes RegionId from the pipeline by property name, one call per record' {
        $output = @([pscustomobject]@{ RegionId = 'cn-beijing' }, [pscustomobject]@{ RegionId = 'cn-hangzhou' } | Get-SaeNamespace @Connection -Verbose -Debug *>&1)
        @($output | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message | Should -Contain 'Region: cn-beijing'
        @($output | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message | Should -Contain 'Region: cn-hangzhou'
        (Get-SaeEmulatorStats).SaeDescribeNamespaceList | Should -Be 2
    }

    It 'a service error is terminating with its code: <Code>' -TestCases @(
        @{ Code = 'Forbidden.RAM'; Status = 403; Category = 'PermissionDenied' }
        @{ Code = 'OperationFailed.RPCError'; Status = 500; Category = 'ResourceUnavailable' }
    ) {
        Add-SaeEmulatorActionFault -Action DescribeNamespaceList -Kind status -Status $Status -Code $Code -Count -1
        $record = Get-ErrorRecord { Get-SaeNamespace -RegionId 'cn-beijing' @Connection -MaxRetries 0 }
        $record.FullyQualifiedErrorId | Should -Be "$Code,$NamespaceCommandId"
        $record.CategoryInfo.Category | Should -Be $Category
    }
}

Describe 'Get-SaeNamespace | Get-SaeSecret' {
    BeforeEach { Reset-SaeEmulator }

    It 'lists the secrets of every namespace written, one ListSecrets per namespace' {
        $namespaces = @(Get-SaeNamespace -RegionId 'cn-beijing' @Connection)
        $secrets = @(Get-SaeNamespace -RegionId 'cn-beijing' @Connection | Get-SaeSecret @Connection)

        $secrets | ForEach-Object { $_.GetType() | Should -Be ([SaeSecret.SecretInfo]) }
        $expected = foreach ($ns in $namespaces) { Get-SaeEmulatorSecretList -NamespaceId $ns.NamespaceId | ForEach-Object { "$($ns.NamespaceId)/$($_.SecretId)" } }
        @($secrets | ForEach-Object { "$($_.NamespaceId)/$($_.SecretId)" }) | Should -Be @($expected)
        $secrets.SecretId | Should -Contain 7
        $secrets.SecretId | Should -Contain 16
        (Get-SaeEmulatorStats).SaeListSecrets | Should -Be $namespaces.Count
        $listed = @(Get-SaeRequest | Where-Object { $_.Headers.'x-acs-action' -eq 'ListSecrets' }).Query.NamespaceId
        $listed | Should -Be @($namespaces.NamespaceId)
    }

    It 'describes too when the namespace records carry a SecretId' {
        $secret = Get-SaeNamespace -RegionId 'cn-beijing' @Connection | Where-Object NamespaceId -EQ 'cn-beijing:test' |
            Select-Object NamespaceId, RegionId, @{ n = 'SecretId'; e = { 18 } } | Get-SaeSecret @Connection
        $secret.GetType() | Should -Be ([SaeSecret.Secret])
        $secret.SecretName | Should -Be 'web-tls'
    }
}
