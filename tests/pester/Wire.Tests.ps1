BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Values = @{ password = 'p@ss-Distinct-41'; 'api.key' = 'a+b/c=d~e*f g&h%20i?j#k' }

    # Which form each logged UpdateSecret request used: 'query' when the SecretData parameter was present, else 'body'.
    function Get-RequestForm { Get-SaeRequest | ForEach-Object { if ($_.Query.PSObject.Properties['SecretData']) { 'query' } else { 'body' } } }
    function Set-EmulatorLocation([string] $Location) { Invoke-SaeEmulatorAdmin -Method PUT -Path config -Body @{ SecretDataLocation = $Location } | Out-Null }
    function Reset-Placement { Clear-SaeModuleState -SecretDataPlacement }
}

AfterAll {
    # The module's memory is process-wide: the suites after this one start from the body form again.
    Clear-SaeModuleState -SecretDataPlacement
    $env:SAESECRET_SECRETDATA_LOCATION = $null
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
