# What goes on the wire and what comes back: signing, where SecretData travels (request body or query), an -Endpoint
# password never echoed, proxies honoured for real endpoints but never for loopback, and answers from a hostile or
# broken server. Retries, cancellation and concurrency are in Reliability.Tests.ps1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    # SecretData placement
    $script:Values = @{ password = 'p@ss-Distinct-41'; 'api.key' = 'a+b/c=d~e*f g&h%20i?j#k' }

    # Which form each logged UpdateSecret request used: 'query' when the SecretData parameter was present, else 'body'.
    function Get-RequestForm { Get-SaeRequest | ForEach-Object { if ($_.Query.PSObject.Properties['SecretData']) { 'query' } else { 'body' } } }
    function Set-EmulatorLocation([string] $Location) { Invoke-SaeEmulatorAdmin -Method PUT -Path config -Body @{ SecretDataLocation = $Location } | Out-Null }
    function Reset-Placement { Clear-SaeModuleState -SecretDataPlacement }

    # -Endpoint user info
    $script:CommandId = 'SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand'
    $script:Password = 'UserInfoPw-Distinct-83'

    # Everything a user could look at: the message, the error view, and the exception with all its properties. For a
    # pipeline binding error PowerShell itself makes the piped object the TargetObject: that is the user's own object.
    function Get-ErrorText($Record, $PipedObject) {
        @(
            $Record.Exception.Message
            ($Record | Out-String -Width 4096)
            ($Record.Exception | Format-List * -Force | Out-String -Width 4096)
            $Record.Exception.ToString()
            $(if ($null -eq $PipedObject -or -not [object]::ReferenceEquals($Record.TargetObject, $PipedObject)) { "$($Record.TargetObject)" })
            "$($Record.ErrorDetails)"
        ) -join "`n"
    }

    # Proxies
    # .NET reads HTTP_PROXY and friends once per process, so each case runs in a fresh pwsh with them set.
    $script:ChildScript = Join-Path ([IO.Path]::GetTempPath()) "saesecret-proxy-child-$PID.ps1"
    Set-Content -Path $ChildScript -Encoding utf8 -Value @'
param([string] $ModulePath, [string] $Endpoint, [string] $KeyId, [string] $KeySecret, [string] $CredentialsUri)
Import-Module $ModulePath
$credential = [pscredential]::new($KeyId, (ConvertTo-SecureString $KeySecret -AsPlainText -Force))
$outcomes = @()
try {
    $outcomes += (Update-SaeSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -SecretData @{ k = 'v1' } -Endpoint $Endpoint -Credential $credential -TimeoutSec 3 -MaxRetries 0 -ErrorAction Stop).Success
}
catch { $outcomes += $_.FullyQualifiedErrorId }
if ($CredentialsUri) {
    $env:ALIBABA_CLOUD_CREDENTIALS_URI = $CredentialsUri
    try {
        $outcomes += (Update-SaeSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -SecretData @{ k = 'v2' } -Endpoint $Endpoint -TimeoutSec 3 -MaxRetries 0 -ErrorAction Stop).Success
    }
    catch { $outcomes += $_.FullyQualifiedErrorId }
}
'OUTCOMES ' + ($outcomes -join ';')
'@

    # Runs the child with every proxy variable naming $ProxyUrl and no NO_PROXY; returns what each call ended in.
    function Invoke-WithProxy {
        param([string] $ProxyUrl, [string] $Endpoint, [string] $CredentialsUri = '')
        $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-File', $ChildScript,
                '-ModulePath', $env:SAESECRET_MODULE_PATH, '-Endpoint', $Endpoint, '-KeyId', $KeyId, '-KeySecret', $KeySecret,
                '-CredentialsUri', $CredentialsUri)) {
            $psi.ArgumentList.Add($a)
        }
        foreach ($name in 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy') { $psi.Environment[$name] = $ProxyUrl }
        foreach ($name in 'NO_PROXY', 'no_proxy') { $psi.Environment.Remove($name) | Out-Null }
        $psi.RedirectStandardOutput = $true
        $psi.UseShellExecute = $false
        $child = [System.Diagnostics.Process]::Start($psi)
        $output = $child.StandardOutput.ReadToEnd()
        if (-not $child.WaitForExit(120000)) { $child.Kill(); throw 'The child pwsh did not finish within 120 s.' }
        $line = ($output -split "`n" | Where-Object { $_ -like 'OUTCOMES *' } | Select-Object -Last 1)
        if (-not $line) { throw "The child pwsh printed no outcome (exit code $($child.ExitCode))." }
        @($line.Substring('OUTCOMES '.Length).Trim() -split ';')
    }

    # A "proxy" that only counts the connections made to it (it never answers).
    function New-RecordingProxy {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $listener
    }
}

AfterAll {
    # The module's memory is process-wide: the suites after this one start from the body form again.
    Clear-SaeModuleState -SecretDataPlacement
    $env:SAESECRET_SECRETDATA_LOCATION = $null
    # The proxy cases' child script.
    Remove-Item -Path $ChildScript -ErrorAction SilentlyContinue
}

Describe 'Signing' {
    BeforeEach { Reset-SaeEmulator }

    It 'signs a namespace name whose characters need percent-encoding' {
        $ns = "cn-hangzhou:ns with space*~!'()"
        $result = Update-SaeSecret -NamespaceId $ns -SecretId 9007199254740993 -SecretData @{ k = 'v' } @Connection
        $result.SecretId | Should -Be 9007199254740993
        $request = Get-SaeEmulatorRequest | Select-Object -Last 1
        $request.Status | Should -Be 200
        $request.RawTarget | Should -BeLike "*NamespaceId=cn-hangzhou%3Ans%20with%20space%2A~%21%27%28%29&SecretId=9007199254740993*"
        (Get-SaeEmulatorSecret -NamespaceId $ns -SecretId 9007199254740993).Version | Should -Be 1
    }

    It 'signs with an STS key and its -SecurityToken' {
        $sts = Invoke-RestMethod -Verbose:$false -Debug:$false -Method Post -Uri "$EmulatorUrl/" -ContentType 'application/x-www-form-urlencoded' -Body @{
            Action = 'AssumeRoleWithOIDC'; Version = '2015-04-01'; RoleArn = 'acs:ram::1234567890123456:role/test'
            OIDCProviderArn = 'acs:ram::1234567890123456:oidc-provider/test'; OIDCToken = 'token'; RoleSessionName = 'pester'
        }
        $stsCredential = [pscredential]::new($sts.Credentials.AccessKeyId, (ConvertTo-SecureString $sts.Credentials.AccessKeySecret -AsPlainText -Force))
        $token = ConvertTo-SecureString $sts.Credentials.SecurityToken -AsPlainText -Force

        $result = Update-SaeSecret 'cn-beijing' 7 @{ k = 'v' } -Endpoint $EmulatorUrl -Credential $stsCredential -SecurityToken $token
        $result.Success | Should -BeTrue
        $request = Get-SaeEmulatorRequest | Where-Object Service -EQ 'sae' | Select-Object -Last 1
        $request.Headers.authorization | Should -Match 'SignedHeaders=[^,]*x-acs-security-token'

        $wrongToken = ConvertTo-SecureString 'not-the-token' -AsPlainText -Force
        { Update-SaeSecret 'cn-beijing' 7 @{ k = 'v' } -Endpoint $EmulatorUrl -Credential $stsCredential -SecurityToken $wrongToken } |
            Should -Throw -ErrorId 'InvalidSecurityToken.MismatchWithAccessKey,SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand'
    }
}

Describe 'SecretData travels where the emulator reads it (<Location>)' -ForEach @(
    @{ Location = 'Either'; Forms = @('body', 'body', 'body') }
    @{ Location = 'Body'; Forms = @('body', 'body', 'body') }
    @{ Location = 'Query'; Forms = @('body', 'query', 'query', 'query') }
) {
    BeforeAll {
        Reset-SaeEmulator
        Reset-Placement
        Set-EmulatorLocation $Location
        $records = 1..3 | ForEach-Object { [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretId = 16; SecretData = $Values } }
        $script:Results = $records | Update-SaeSecret @Connection -Verbose 4>&1
        $script:Stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16
    }
    AfterAll { Reset-Placement }

    It 'every update succeeds' {
        $updates = @($Results | Where-Object { $_ -is [SaeSecret.UpdateSecretResult] })
        $updates.Count | Should -Be 3
        $updates.Success | Should -Not -Contain $false
        $Stored.Version | Should -Be 3
    }

    It 'the emulator saw the forms <Forms>' {
        @(Get-RequestForm) | Should -Be $Forms
        @(Get-SaeRequest).Status | Should -Not -Contain 0
        @(Get-SaeRequest | Where-Object Status -EQ 200).Count | Should -Be 3
    }

    It 'the stored data is exactly the base64 of each value' {
        $Stored.Data.password | Should -BeExactly (ConvertTo-Base64Utf8 $Values.password)
        $Stored.Data.'api.key' | Should -BeExactly (ConvertTo-Base64Utf8 $Values.'api.key')
        @($Stored.Data.PSObject.Properties).Count | Should -Be 2
    }

    It 'Verbose names the form once in a pipeline of three records' {
        $verbose = @($Results | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        @($verbose -like 'SecretData travels to *').Count | Should -Be 1
        Assert-NoLeak -Text $verbose -Secret $Values.Values -Where 'Verbose'
    }
}

Describe 'The query form against an emulator that reads only the query' {
    BeforeEach {
        Reset-SaeEmulator
        Reset-Placement
        Set-EmulatorLocation 'Query'
    }
    AfterEach {
        Reset-Placement
        $env:SAESECRET_SECRETDATA_LOCATION = $null
    }

    It 'the body and the query carried byte-identical SecretData text, and the result is the same as the body form' {
        Update-SaeSecret 'cn-beijing:test' 16 $Values @Connection | Out-Null
        $body, $query = Get-SaeRequest
        $body.BodyLength | Should -BeGreaterThan 0
        $body.Code | Should -Be 'MissingSecretData'
        $query.BodyLength | Should -Be 0
        $query.Query.SecretData | Should -Be "sha256:$($body.BodySha256)" -Because 'the query carries exactly the text that was the body'
        $query.Headers.'x-acs-content-sha256' | Should -Be 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
        $query.Headers.PSObject.Properties.Name | Should -Not -Contain 'content-type'
        $queryStored = (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Data | ConvertTo-Json -Compress

        Reset-SaeEmulator
        Reset-Placement
        Set-EmulatorLocation 'Either'
        Update-SaeSecret 'cn-beijing:test' 16 $Values @Connection | Out-Null
        $bodyStored = (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Data | ConvertTo-Json -Compress
        @(Get-RequestForm) | Should -Be @('body')
        $queryStored | Should -BeExactly $bodyStored
    }

    It 'the fallback is not a retry: it works with -MaxRetries 0' {
        $result = Update-SaeSecret 'cn-beijing:test' 16 $Values @Connection -MaxRetries 0
        $result.Success | Should -BeTrue
        @(Get-RequestForm) | Should -Be @('body', 'query')
    }

    It 'other runspaces of the process go straight to the query once it is learned' {
        Update-SaeSecret 'cn-beijing:test' 16 $Values @Connection | Out-Null
        $module = $env:SAESECRET_MODULE_PATH
        $connection = $Connection
        $results = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:module
            $c = $using:connection
            Update-SaeSecret 'cn-beijing:test' 16 @{ k = "v$_" } -Endpoint $c.Endpoint -Credential $c.Credential
        }
        @($results | Where-Object Success).Count | Should -Be 4
        @(Get-RequestForm) | Should -Be @('body', 'query', 'query', 'query', 'query', 'query')
    }

    It '-WhatIf still writes nothing (it only reads, to name the keys that would change)' {
        Update-SaeSecret 'cn-beijing:test' 16 $Values @Connection -WhatIf
        @(Get-SaeRequest | Where-Object Method -NE 'GET').Count | Should -Be 0
        @(Get-SaeRequest | Where-Object Method -EQ 'GET').Count | Should -Be 1
        (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Version | Should -Be 0
    }

    It 'a pipeline of 20 records falls back once and sends 21 requests' {
        $records = 1..20 | ForEach-Object { [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretId = 16; SecretData = @{ n = "$_" } } }
        $results = $records | Update-SaeSecret @Connection
        @($results).Count | Should -Be 20
        $forms = @(Get-RequestForm)
        $forms.Count | Should -Be 21
        $forms[0] | Should -Be 'body'
        @($forms | Select-Object -Skip 1) -ne 'query' | Should -BeNullOrEmpty
    }

    It 'SAESECRET_SECRETDATA_LOCATION=Query sends the query form from the first call' {
        $env:SAESECRET_SECRETDATA_LOCATION = 'Query'
        $streams = Update-SaeSecret 'cn-beijing:test' 16 $Values @Connection -Verbose 4>&1
        @(Get-RequestForm) | Should -Be @('query')
        @($streams | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -like '*in the request query (set by SAESECRET_SECRETDATA_LOCATION)*' |
            Should -Not -BeNullOrEmpty
    }

    It 'SAESECRET_SECRETDATA_LOCATION=Body never falls back: the gateway''s error is the ErrorId' {
        $env:SAESECRET_SECRETDATA_LOCATION = 'Body'
        $caught = $null
        try { Update-SaeSecret 'cn-beijing:test' 16 $Values @Connection } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'MissingSecretData,SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand'
        $caught.Exception.Message | Should -Match 'SecretData is mandatory for this action'
        @(Get-RequestForm) | Should -Be @('body')
    }

    It 'an invalid SAESECRET_SECRETDATA_LOCATION is a clear error and nothing is sent' {
        $env:SAESECRET_SECRETDATA_LOCATION = 'Header'
        $caught = $null
        try { Update-SaeSecret 'cn-beijing:test' 16 $Values @Connection } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'SecretDataLocationInvalid,SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand'
        $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $caught.Exception.Message | Should -Match "must be 'Body' or 'Query'"
        @(Get-SaeRequest).Count | Should -Be 0
    }

    It 'no value appears in an error that echoes the query form''s SecretData' {
        Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } @Connection | Out-Null
        Add-SaeEmulatorFault -Kind status -Status 400 -Code 'InvalidParameter.WithMessage' -Count -1
        $caught = $null
        try { Update-SaeSecret 'cn-beijing:test' 16 $Values @Connection -Verbose 4>&1 | Out-Null } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'InvalidParameter.WithMessage,*'
        $caught.Exception.ServiceMessage | Should -Match '\*\*\*' -Because 'the emulator echoed the values and the module redacted them'
        (Get-RequestForm)[-1] | Should -Be 'query'
        Assert-NoLeak -Text "$caught", $caught.Exception.ToString(), ($caught | Format-List * -Force | Out-String) -Secret $Values.Values -Where 'the error record'
    }
}

Describe 'A password in the user info of -Endpoint is never echoed' {
    BeforeEach { Reset-SaeEmulator }

    # {pw} stands for the password, so test names do not carry it.
    It '<Template> given <Way> is <ErrorId>, without the password' -TestCases @(
        @{ Template = 'https//user:{pw}@sae.cn-beijing.aliyuncs.com'; Way = 'as a parameter'; ErrorId = 'EndpointInvalid' }
        @{ Template = 'user:{pw}@sae.cn-beijing.aliyuncs.com'; Way = 'as a parameter'; ErrorId = 'EndpointInvalid' }
        @{ Template = 'ftp://user:{pw}@sae.cn-beijing.aliyuncs.com'; Way = 'as a parameter'; ErrorId = 'EndpointInvalid' }
        @{ Template = 'https://user:{pw}@sae.cn-beijing.aliyuncs.com'; Way = 'as a parameter'; ErrorId = 'EndpointInvalid' }
        @{ Template = 'http://user:{pw}@sae.cn-beijing.aliyuncs.com'; Way = 'as a parameter'; ErrorId = 'EndpointNotHttps' }
        @{ Template = 'https://user:{pw}@sae.cn-beijing.aliyuncs.com:99999'; Way = 'as a parameter'; ErrorId = 'ParameterArgumentTransformationError' }
        @{ Template = 'https://user:{pw}@sae cn-beijing.aliyuncs.com'; Way = 'as a parameter'; ErrorId = 'ParameterArgumentTransformationError' }
    ) {
        $endpoint = $Template.Replace('{pw}', $Password)
        $piped = $null
        $record = if ($Way -eq 'by the pipeline') {
            $piped = [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretId = 16; SecretData = @{ k = 'v' }; Endpoint = $endpoint }
            # -ErrorAction Stop: a binding error for one piped record is otherwise not terminating.
            Get-ErrorRecord { $piped | Update-SaeSecret -Credential $Credential -ErrorAction Stop }
        }
        else {
            Get-ErrorRecord { Update-SaeSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -SecretData @{ k = 'v' } -Endpoint $endpoint -Credential $Credential -ErrorAction Stop }
        }

        $record.FullyQualifiedErrorId | Should -Be "$ErrorId,$CommandId"
        $record.Exception.Message | Should -Match 'Endpoint'
        if ((Get-ErrorText $record $piped).Contains($Password)) { throw "The password leaked into the error ($Way)." }
        (Get-SaeEmulatorStats).SaeRequests | Should -Be 0
    }

    It 'a usable -Endpoint still binds from text' {
        $direct = Update-SaeSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -SecretData @{ k = 'v' } -Endpoint "$EmulatorUrl/" -Credential $Credential

        $direct.Success | Should -BeTrue
    }
}

Describe 'Transports: the cmdlets'' own (PowerShell 7) and HttpClient (SAESECRET_TRANSPORT=HttpClient) send the same' {
    BeforeAll {
        # Signed headers that differ on every request by design.
        $script:PerRequest = @('x-acs-date', 'x-acs-signature-nonce', 'authorization')
        # Two calls on the cmdlets' transport, then two with SAESECRET_TRANSPORT=HttpClient.
        function Send-Both {
            Reset-SaeEmulator
            $update = { Update-SaeSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -SecretData @{ password = 'p@ss-Transport-17' } -Endpoint $EmulatorUrl -Credential $Credential }
            $results = @(
                & $update; & $update
                try {
                    $env:SAESECRET_TRANSPORT = 'HttpClient'
                    & $update; & $update
                }
                finally { Remove-Item Env:SAESECRET_TRANSPORT }
            )
            [pscustomobject]@{ Results = $results; Requests = @(Get-SaeRequest) }
        }
        $script:Both = Send-Both
    }

    It 'each transport keeps its own connection: the setting takes effect' {
        $connections = @($Both.Requests.Connection)

        $connections.Count | Should -Be 4
        $connections[1] | Should -Be $connections[0]
        $connections[3] | Should -Be $connections[2]
        $connections[2] | Should -Not -Be $connections[0]
    }

    It 'the same request line, headers and body reach the emulator, and the results match' {
        $own = $Both.Requests[0]; $viaHttpClient = $Both.Requests[2]

        $Both.Results.Success | Should -Be @($true, $true, $true, $true)
        $own.Method | Should -BeExactly $viaHttpClient.Method
        $own.RawTarget | Should -BeExactly $viaHttpClient.RawTarget
        $own.BodySha256 | Should -BeExactly $viaHttpClient.BodySha256
        $names = @($own.Headers.PSObject.Properties.Name | Sort-Object)
        $names | Should -Be @($viaHttpClient.Headers.PSObject.Properties.Name | Sort-Object)
        foreach ($name in $names | Where-Object { $_ -notin $PerRequest }) {
            $own.Headers.$name | Should -BeExactly $viaHttpClient.Headers.$name -Because "header $name"
        }
    }
}

Describe 'Proxies: HTTP_PROXY / HTTPS_PROXY / ALL_PROXY are honoured for real endpoints, never for loopback' {
    BeforeEach { Reset-SaeEmulator }

    It 'calls to the emulator on 127.0.0.1, and the credentials URI there, go direct and never reach the proxy' {
        $proxy = New-RecordingProxy
        try {
            $outcomes = Invoke-WithProxy -ProxyUrl "http://127.0.0.1:$($proxy.LocalEndpoint.Port)" -Endpoint $EmulatorUrl `
                -CredentialsUri "$EmulatorUrl/_emulator/credentials-uri"

            $proxy.Pending() | Should -BeFalse -Because 'no connection may be made to the proxy for a loopback endpoint'
            $outcomes | Should -Be @('True', 'True')
            $stats = Get-SaeEmulatorStats
            $stats.SaeUpdatesApplied | Should -Be 2
            $stats.CredentialsUri | Should -Be 1
        }
        finally {
            $proxy.Stop()
        }
    }

    It 'a call to a real https endpoint goes through the proxy' {
        $proxy = New-RecordingProxy
        try {
            # The proxy never answers, so the call times out; what matters is that it was asked.
            $outcomes = Invoke-WithProxy -ProxyUrl "http://127.0.0.1:$($proxy.LocalEndpoint.Port)" -Endpoint 'https://sae.cn-beijing.aliyuncs.com'

            $proxy.Pending() | Should -BeTrue -Because 'HTTPS_PROXY is the way out for real endpoints'
            $outcomes | Should -Be @('RequestTimedOut,SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand')
        }
        finally {
            $proxy.Stop()
        }
    }
}

Describe 'Answers from a hostile or broken server' {
    BeforeEach { Reset-SaeEmulator }

    It 'a success naming another secret keeps the SecretId asked for and warns' {
        Add-SaeEmulatorFault -Kind otherId
        $result = Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } @Connection -WarningVariable warnings -WarningAction SilentlyContinue
        $result.SecretId | Should -Be 16
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'asked to update secret 16 but the service answered with SecretId 999'
    }

    It 'no warning when the service names the secret asked for' {
        Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } @Connection -WarningVariable warnings | Out-Null
        @($warnings).Count | Should -Be 0
    }

    It 'a gzip body inflating to 1 GiB fails with ResponseTooLarge after one attempt' {
        Add-SaeEmulatorFault -Kind inflate -Count -1
        $caught = $null
        try { Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } @Connection } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'ResponseTooLarge,SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand'
        $caught.Exception.Message | Should -Match 'larger than 4 MiB'
        $caught.CategoryInfo.Category | Should -Be 'InvalidResult'
        @(Get-SaeEmulatorRequest | Where-Object Service -EQ 'sae').Count | Should -Be 1
    }

    It 'control characters in a service code and message never reach the error record' {
        Add-SaeEmulatorFault -Kind status -Status 400 -Code "Bad`e[31mCode`r`nFAKE"
        $caught = $null
        try { Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } @Connection } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        foreach ($text in @($caught.FullyQualifiedErrorId, $caught.Exception.Message, $caught.Exception.ServiceMessage, ($caught | Out-String))) {
            $text | Should -Not -Match "[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]"
        }
        $caught.Exception.ErrorCode | Should -Be "Bad$([char]0xFFFD)[31mCode$([char]0xFFFD)$([char]0xFFFD)FAKE"
    }
}
