# Restart-SaeApplication: what it declares, what it sends, and -Wait (DescribeChangeOrder polling, progress, the
# ChangeOrder* errors, -Timeout, Stop) against the emulator's change-order courses.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:CommandId = 'SaeSecret.PowerShell.Commands.RestartSaeApplicationCommand'
    $script:A1 = 'a1b2c3d4-0000-4000-8000-000000000001'   # web-frontend, cn-beijing:test
    $script:A2 = 'a1b2c3d4-0000-4000-8000-000000000002'   # order-worker, cn-beijing:test
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "saesecret-restart-$PID"
    New-Item -ItemType Directory -Force -Path $Work | Out-Null

    # Runs the scriptblock, expects a terminating error, returns its ErrorRecord.
    function Get-ErrorRecord([scriptblock] $Action) {
        try { & $Action | Out-Null }
        catch { return $_ }
        throw 'Expected a terminating error, but the command succeeded.'
    }

    function Get-SaeRequest { @(Get-SaeEmulatorRequest | Where-Object Service -EQ 'sae') }
    function Get-Action([object[]] $Request) { @($Request | ForEach-Object { $_.Headers.'x-acs-action' }) }

    # The "What if:" lines a command writes, read from a transcript (the host writes them, not a stream).
    function Get-WhatIfLine([scriptblock] $Command) {
        $transcript = Join-Path $Work "whatif-$([guid]::NewGuid()).txt"
        Start-Transcript -Path $transcript | Out-Null
        try { & $Command | Out-Null } finally { Stop-Transcript | Out-Null }
        $lines = @(Get-Content $transcript | Where-Object { $_ -like 'What if:*' })
        Remove-Item $transcript
        $lines
    }

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

    # Runs a script in a runspace of its own (the module imported, $Connection given) and returns its output and streams.
    function Invoke-InRunspace([scriptblock] $Script, [object[]] $Arguments) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:SAESECRET_MODULE_PATH).AddStatement().AddScript($Script)
            foreach ($argument in $Arguments) { $null = $ps.AddArgument($argument) }
            $output = $null
            $caught = $null
            try { $output = $ps.Invoke() } catch { $caught = $_ }
            [pscustomobject]@{ Output = @($output); Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error); Caught = $caught }
        }
        finally { $ps.Dispose() }
    }

    # Waits up to 30 s for a condition the emulator will reach.
    function Wait-Until([scriptblock] $Condition, [string] $What) {
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out waiting for $What." }
            Start-Sleep -Milliseconds 50
        }
    }

    function Test-HasControlCharacter([string] $Text) { $Text -match '[\x00-\x1F\x7F-\x9F]' }
}

AfterAll { Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue }

Describe 'Restart-SaeApplication as a command' {
    BeforeEach { Reset-SaeEmulator }

    It 'supports ShouldProcess at ConfirmImpact Medium and declares SaeSecret.ChangeOrder as its output' {
        $command = Get-Command Restart-SaeApplication
        $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.SupportsShouldProcess | Should -BeTrue
        $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::Medium)
        $command.OutputType.Type | Should -Be @([SaeSecret.ChangeOrder])
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
    }

    It 'AppId (mandatory, position 0) binds by value and by property name; RegionId by property name' {
        $command = Get-Command Restart-SaeApplication
        $appId = $command.Parameters['AppId']
        $appId.ParameterType | Should -Be ([string[]])
        $appId.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0].Mandatory | Should -BeTrue
        $appId.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0].Position | Should -Be 0
        $appId.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0].ValueFromPipeline | Should -BeTrue
        $appId.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0].ValueFromPipelineByPropertyName | Should -BeTrue
        $region = $command.Parameters['RegionId'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0]
        $region.ValueFromPipelineByPropertyName | Should -BeTrue
        foreach ($name in 'MinReadyInstances', 'MinReadyInstanceRatio', 'Wait', 'Timeout', 'Delay') { $command.Parameters.Keys | Should -Contain $name }
        $command.Parameters['Wait'].SwitchParameter | Should -BeTrue
    }

    It 'waits 1800 s at most and polls every 5 s unless told otherwise' {
        $cmdlet = [SaeSecret.PowerShell.Commands.RestartSaeApplicationCommand]::new()
        $cmdlet.Timeout | Should -Be 1800
        $cmdlet.Delay | Should -Be 5
    }

    It 'ChangeOrderStatus carries the service''s numbers' {
        [int][SaeSecret.ChangeOrderStatus]::Preparing | Should -Be 0
        [int][SaeSecret.ChangeOrderStatus]::Running | Should -Be 1
        [int][SaeSecret.ChangeOrderStatus]::Succeeded | Should -Be 2
        [int][SaeSecret.ChangeOrderStatus]::Failed | Should -Be 3
        [int][SaeSecret.ChangeOrderStatus]::Terminated | Should -Be 6
        [int][SaeSecret.ChangeOrderStatus]::WaitingForManualConfirmation | Should -Be 8
        [int][SaeSecret.ChangeOrderStatus]::WaitingForAutomaticConfirmation | Should -Be 9
        [int][SaeSecret.ChangeOrderStatus]::SystemFailure | Should -Be 10
    }

    It '<Parameter> <Value> is refused while binding and nothing is sent' -TestCases @(
        @{ Parameter = 'Delay'; Value = 0 }
        @{ Parameter = 'Delay'; Value = -1 }
        @{ Parameter = 'Timeout'; Value = 0 }
        @{ Parameter = 'MinReadyInstances'; Value = -2 }
        @{ Parameter = 'MinReadyInstanceRatio'; Value = 101 }
        @{ Parameter = 'MinReadyInstanceRatio'; Value = -2 }
    ) {
        $arguments = @{ $Parameter = $Value }
        $record = Get-ErrorRecord { Restart-SaeApplication $A1 -RegionId cn-beijing -Wait @arguments @Connection }
        $record.FullyQualifiedErrorId | Should -Be "ParameterArgumentValidationError,$CommandId"
        $record.Exception.ParameterName | Should -Be $Parameter
        Get-SaeRequest | Should -BeNullOrEmpty
    }

    It '<Case> is AppIdInvalid and nothing is sent, not even for the valid AppId beside it' -TestCases @(
        @{ Case = 'an empty AppId'; AppId = '' }
        @{ Case = 'a space'; AppId = 'a1b2c3d4 0000' }
        @{ Case = 'a path'; AppId = '../apps/x' }
        @{ Case = 'a line break'; AppId = "a1b2`nfake" }
        @{ Case = 'an id of 65 characters'; AppId = ('a' * 65) }
    ) {
        $record = Get-ErrorRecord { Restart-SaeApplication $A1, $AppId -RegionId cn-beijing @Connection }
        $record.FullyQualifiedErrorId | Should -Be "AppIdInvalid,$CommandId"
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        Test-HasControlCharacter $record.Exception.Message | Should -BeFalse
        Get-SaeRequest | Should -BeNullOrEmpty
    }

    It 'an AppId of 64 letters, digits and dashes is sent' {
        $record = Get-ErrorRecord { Restart-SaeApplication ('A-9' + 'b' * 61) -RegionId cn-beijing @Connection }
        $record.FullyQualifiedErrorId | Should -Be "InvalidApplication.NotFound,$CommandId"
        @(Get-SaeRequest).Count | Should -Be 1
    }
}

Describe 'Restart-SaeApplication restarts each application once' {
    BeforeEach { Reset-SaeEmulator }

    It 'writes a typed ChangeOrder per AppId: RegionId, AppId, AppName, ChangeOrderId, Status, CreateTime, batch progress' {
        $orders = @(Restart-SaeApplication $A1, $A2 -RegionId cn-beijing @Connection)

        $orders.Count | Should -Be 2
        foreach ($order in $orders) { $order.GetType() | Should -Be ([SaeSecret.ChangeOrder]) }
        $orders.AppId | Should -Be @($A1, $A2)
        $orders.AppName | Should -Be @('web-frontend', 'order-worker')
        $orders.RegionId | Should -Be @('cn-beijing', 'cn-beijing')
        $stored = @(Get-SaeEmulatorChangeOrder)
        $orders.ChangeOrderId | Should -Be @($stored.ChangeOrderId)
        foreach ($order in $orders) {
            $order.Status | Should -BeOfType ([SaeSecret.ChangeOrderStatus])
            $order.Status | Should -Be ([SaeSecret.ChangeOrderStatus]::Succeeded)
            $order.CreateTime | Should -BeOfType ([datetime])
            $order.BatchCount | Should -Be 2
            $order.CurrentBatch | Should -Be 2
            $order.Progress | Should -Be 'batch 2 of 2'
            $order.ErrorMessage | Should -BeNullOrEmpty
            $order.CoTypeCode | Should -Be 'CoRestartApplication'
            @($order.Batches).Count | Should -Be 2
        }
        $orders[0].CreateTime.ToString('yyyy-MM-dd HH:mm:ss') | Should -Be $stored[0].CreateTime

        Get-SaeEmulatorRestartCount -AppId $A1 | Should -Be 1
        Get-SaeEmulatorRestartCount -AppId $A2 | Should -Be 1
        $restarts = @(Get-SaeRequest | Where-Object { $_.Headers.'x-acs-action' -eq 'RestartApplication' })
        $restarts.Method | Sort-Object -Unique | Should -Be 'PUT'
        @($restarts[0].Query.PSObject.Properties.Name) | Should -Be @('AppId')
    }

    It 'an AppId given twice, piped twice, or piped again after the command line, is restarted once' {
        @(Restart-SaeApplication $A1, $A1 -RegionId cn-beijing @Connection).Count | Should -Be 1
        Get-SaeEmulatorRestartCount -AppId $A1 | Should -Be 1

        Reset-SaeEmulator
        $orders = @($A1, $A2, $A1, $A2 | Restart-SaeApplication -RegionId cn-beijing @Connection)
        $orders.AppId | Should -Be @($A1, $A2)
        Get-SaeEmulatorRestartCount -AppId $A1 | Should -Be 1
        Get-SaeEmulatorRestartCount -AppId $A2 | Should -Be 1
        Get-SaeEmulatorActionCount -Action SaeRestartApplication | Should -Be 2
    }

    It 'binds AppId and RegionId by property name: the record''s region wins over the default' {
        $records = @(
            [pscustomobject]@{ AppId = $A1; RegionId = 'cn-beijing' }
            [pscustomobject]@{ AppId = $A2; RegionId = 'cn-beijing' }
        )
        $orders = Invoke-WithEnvironment @{ ALIBABA_CLOUD_REGION_ID = 'cn-hangzhou' } { @($records | Restart-SaeApplication @Connection) }
        $orders.AppId | Should -Be @($A1, $A2)
        $orders.RegionId | Should -Be @('cn-beijing', 'cn-beijing')
    }

    It 'the RelateApps of a secret pipe in without -RegionId (SecretApp carries RegionId and NamespaceId)' {
        $apps = (Get-SaeSecret 'cn-beijing:test' -SecretId 16 @Connection).RelateApps
        $apps[0].RegionId | Should -Be 'cn-beijing'
        $apps[0].NamespaceId | Should -Be 'cn-beijing:test'

        $orders = Invoke-WithEnvironment @{ ALIBABA_CLOUD_REGION_ID = $null } { @($apps | Restart-SaeApplication @Connection) }
        $orders.AppName | Should -Be @('web-frontend', 'order-worker')
        $orders.RegionId | Should -Be @('cn-beijing', 'cn-beijing')
        Get-SaeEmulatorRestartCount -AppId $A1 | Should -Be 1
        Get-SaeEmulatorRestartCount -AppId $A2 | Should -Be 1
    }

    It 'without -RegionId: ALIBABA_CLOUD_REGION_ID, then the aliyun CLI profile''s region_id' {
        $fromVariable = Invoke-WithEnvironment @{ ALIBABA_CLOUD_REGION_ID = 'cn-hangzhou' } { Restart-SaeApplication $A1 @Connection }
        $fromVariable.RegionId | Should -Be 'cn-hangzhou'

        Reset-SaeEmulator
        $config = Join-Path $Work "cli-$([guid]::NewGuid()).json"
        @{ current = 'p0'; profiles = @(@{ name = 'p0'; mode = 'AK'; access_key_id = 'x'; access_key_secret = 'y'; region_id = 'cn-shanghai' }) } |
            ConvertTo-Json -Depth 5 | Set-Content -Path $config -Encoding utf8
        $variables = @{ ALIBABA_CLOUD_REGION_ID = $null; ALIBABA_CLOUD_PROFILE = $null; ALIBABA_CLOUD_CLI_PROFILE_DISABLED = $null; ALIBABA_CLOUD_CONFIG_FILE = $config }
        $fromProfile = Invoke-WithEnvironment $variables { Restart-SaeApplication $A1 @Connection }
        $fromProfile.RegionId | Should -Be 'cn-shanghai'
    }

    It 'with no region anywhere: RegionIdMissing and nothing is sent' {
        $record = Invoke-WithEnvironment @{ ALIBABA_CLOUD_REGION_ID = $null } { Get-ErrorRecord { Restart-SaeApplication $A1 @Connection } }
        $record.FullyQualifiedErrorId | Should -Be "RegionIdMissing,$CommandId"
        Get-SaeRequest | Should -BeNullOrEmpty
    }

    It '-MinReadyInstances and -MinReadyInstanceRatio are sent as given, and only when given' {
        Restart-SaeApplication $A1 -RegionId cn-beijing -MinReadyInstances 0 -MinReadyInstanceRatio 50 @Connection | Out-Null
        Restart-SaeApplication $A2 -RegionId cn-beijing -MinReadyInstances -1 @Connection | Out-Null

        $restarts = @(Get-SaeRequest | Where-Object { $_.Headers.'x-acs-action' -eq 'RestartApplication' })
        $restarts[0].Query.MinReadyInstances | Should -Be '0'
        $restarts[0].Query.MinReadyInstanceRatio | Should -Be '50'
        $restarts[1].Query.MinReadyInstances | Should -Be '-1'
        @($restarts[1].Query.PSObject.Properties.Name) | Should -Not -Contain 'MinReadyInstanceRatio'
        $stored = @(Get-SaeEmulatorChangeOrder)
        $stored[0].MinReadyInstances | Should -Be 0
        $stored[0].MinReadyInstanceRatio | Should -Be 50
        $stored[1].MinReadyInstanceRatio | Should -BeNullOrEmpty
    }

    It '-WhatIf restarts nothing and names each application once' {
        $lines = Get-WhatIfLine { Restart-SaeApplication $A1, $A2, $A1 -RegionId cn-beijing -Wait -Delay 1 @Connection -WhatIf }
        $lines | Should -Be @(
            "What if: Performing the operation ""Restart the application"" on target ""application $A1 in cn-beijing""."
            "What if: Performing the operation ""Restart the application"" on target ""application $A2 in cn-beijing"".")
        Get-SaeRequest | Should -BeNullOrEmpty
        Get-SaeEmulatorChangeOrder | Should -BeNullOrEmpty
    }

    It 'a restart refused as <Code> stops with that ErrorId after one request (never retried)' -TestCases @(
        @{ Course = 'ChangeOrderRunning'; Code = 'Application.ChangerOrderRunning' }
        @{ Course = 'InvalidStatus'; Code = 'Application.InvalidStatus' }
        @{ Course = 'NotDeployYet'; Code = 'Application.NotDeployYet' }
        @{ Course = 'NoComputeResourceQuota'; Code = 'NoComputeResourceQuota.Exceed' }
    ) {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course $Course
        $record = Get-ErrorRecord { Restart-SaeApplication $A1, $A2 -RegionId cn-beijing -Wait -Delay 1 -MaxRetries 3 @Connection }
        $record.FullyQualifiedErrorId | Should -Be "$Code,$CommandId"
        $record.Exception | Should -BeOfType ([SaeSecret.SaeServiceException])
        $record.Exception.HttpStatusCode | Should -Be 400
        $record.Exception.Message | Should -BeLike "*$A1*"
        Get-SaeEmulatorRestartCount -AppId $A1 | Should -Be 1
        Get-SaeEmulatorRestartCount -AppId $A2 | Should -Be 0
        Get-SaeEmulatorChangeOrder | Should -BeNullOrEmpty
    }

    It 'an application whose last change order has not ended refuses the next restart: Application.ChangerOrderRunning, one request' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course NeverEnd
        $first = Restart-SaeApplication $A1 -RegionId cn-beijing @Connection
        $first.Status | Should -Be ([SaeSecret.ChangeOrderStatus]::Running)

        $record = Get-ErrorRecord { Restart-SaeApplication $A1 -RegionId cn-beijing @Connection }
        $record.FullyQualifiedErrorId | Should -Be "Application.ChangerOrderRunning,$CommandId"
        Get-SaeEmulatorRestartCount -AppId $A1 | Should -Be 2 -Because 'one request for each command, the second never retried'
        @(Get-SaeEmulatorChangeOrder).Count | Should -Be 1
    }

    It 'a RestartApplication answered 503 is not sent again (the restart may have started): one request, the service''s ErrorId' {
        Add-SaeEmulatorActionFault -Action RestartApplication -Kind status -Status 503 -Code 'ServiceUnavailable' -Count 1
        $record = Get-ErrorRecord { Restart-SaeApplication $A1 -RegionId cn-beijing -MaxRetries 3 @Connection }
        $record.FullyQualifiedErrorId | Should -Be "ServiceUnavailable,$CommandId"
        Get-SaeEmulatorRestartCount -AppId $A1 | Should -Be 1
    }

    It 'a throttled RestartApplication (certainly not processed) is sent again and restarts once' {
        Add-SaeEmulatorActionFault -Action RestartApplication -Kind throttle -RetryAfterMs 10 -Count 1
        $order = Restart-SaeApplication $A1 -RegionId cn-beijing -MaxRetries 3 @Connection
        $order.Status | Should -Be ([SaeSecret.ChangeOrderStatus]::Succeeded)
        Get-SaeEmulatorRestartCount -AppId $A1 | Should -Be 2
        @(Get-SaeEmulatorChangeOrder).Count | Should -Be 1
    }

    It 'a DescribeChangeOrder answered 503 during -Wait is retried (it only reads) and the wait goes on' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course SucceedAfter -Polls 2
        Add-SaeEmulatorActionFault -Action DescribeChangeOrder -Kind status -Status 503 -Code 'ServiceUnavailable' -Count 1
        $order = Restart-SaeApplication $A1 -RegionId cn-beijing -Wait -Delay 1 -MaxRetries 3 @Connection
        $order.Status | Should -Be ([SaeSecret.ChangeOrderStatus]::Succeeded)
        Get-SaeEmulatorChangeOrderPollCount -ChangeOrderId $order.ChangeOrderId | Should -Be 3 -Because 'one refused, two answered'
        Get-SaeEmulatorRestartCount -AppId $A1 | Should -Be 1
    }

    It 'the table view shows AppName, Status and Progress, also at 80 columns' {
        $orders = Restart-SaeApplication $A1, $A2 -RegionId cn-beijing @Connection
        foreach ($width in 80, 200) {
            $lines = @(($orders | Out-String -Width $width) -split "`r?`n" | Where-Object { $_.Trim() })
            $header = $lines[0] -split '\s+'
            $header[0..2] | Should -Be @('AppName', 'Status', 'Progress')
            $lines[2] | Should -Match '^web-frontend\s+Succeeded\s+batch 2 of 2\b'
            $lines[3] | Should -Match '^order-worker\s+Succeeded\s+batch 2 of 2\b'
        }
        $wide = $orders | Out-String -Width 200
        $wide | Should -Match 'ChangeOrderId'
        $wide | Should -Match $orders[0].ChangeOrderId
        $wide | Should -Match 'AppId'
    }
}

Describe 'Restart-SaeApplication -Wait' {
    BeforeEach { Reset-SaeEmulator }

    It 'polls every order together, one DescribeChangeOrder per unfinished order per poll, and writes each as it ends' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A2 -Course SucceedAfter -Polls 3
        $orders = @(Restart-SaeApplication $A2, $A1 -RegionId cn-beijing -Wait -Delay 1 @Connection)

        $orders.AppId | Should -Be @($A1, $A2) -Because 'web-frontend ends on the first poll, order-worker on the third'
        $orders.Status | Should -Be @('Succeeded', 'Succeeded')
        foreach ($order in $orders) { $order.GetType() | Should -Be ([SaeSecret.ChangeOrder]) }
        $id = @{}
        Get-SaeEmulatorChangeOrder | ForEach-Object { $id[$_.AppId] = $_.ChangeOrderId }
        $requests = Get-SaeRequest
        Get-Action $requests | Should -Be @('RestartApplication', 'RestartApplication', 'DescribeChangeOrder', 'DescribeChangeOrder', 'DescribeChangeOrder', 'DescribeChangeOrder')
        @($requests | Where-Object { $_.Headers.'x-acs-action' -eq 'DescribeChangeOrder' } | ForEach-Object { $_.Query.ChangeOrderId }) |
            Should -Be @($id[$A2], $id[$A1], $id[$A2], $id[$A2])
        Get-SaeEmulatorRestartCount -AppId $A1 | Should -Be 1
        Get-SaeEmulatorRestartCount -AppId $A2 | Should -Be 1
    }

    It 'an order that succeeds on the first poll is written without waiting' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $order = Restart-SaeApplication $A1 -RegionId cn-beijing -Wait -Delay 30 @Connection
        $clock.Stop()
        $order.Status | Should -Be ([SaeSecret.ChangeOrderStatus]::Succeeded)
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        Get-SaeEmulatorChangeOrderPollCount -ChangeOrderId $order.ChangeOrderId | Should -Be 1
    }

    It 'shows a progress bar per order, naming the application and the change order, completed when it ends' {
        $run = Invoke-InRunspace {
            param($Url, $Credential, $First, $Second)
            Restart-SaeApplication $First, $Second -RegionId cn-beijing -Wait -Delay 1 -Endpoint $Url -Credential $Credential
        } -Arguments $EmulatorUrl, $Credential, $A1, $A2
        $run.Caught | Should -BeNullOrEmpty
        $run.Output.Count | Should -Be 2
        $activities = $run.Progress | Group-Object ActivityId
        @($activities).Count | Should -Be 2
        foreach ($order in $run.Output) {
            $records = @($run.Progress | Where-Object { $_.Activity -like "*$($order.AppName)*$($order.ChangeOrderId)*" })
            $records.Count | Should -BeGreaterOrEqual 2
            @($records.ActivityId | Sort-Object -Unique).Count | Should -Be 1
            $records[0].RecordType | Should -Be 'Processing'
            $records[-1].RecordType | Should -Be 'Completed'
            $records[0].StatusDescription | Should -Match 'batch \d of 2'
        }
    }

    It 'progress moves through the batches of a longer restart' {
        Set-SaeEmulatorChangeOrderCourse -Course SucceedAfter -Polls 3
        $run = Invoke-InRunspace {
            param($Url, $Credential, $AppId)
            Restart-SaeApplication $AppId -RegionId cn-beijing -Wait -Delay 1 -Endpoint $Url -Credential $Credential
        } -Arguments $EmulatorUrl, $Credential, $A1
        $run.Caught | Should -BeNullOrEmpty
        $statuses = @($run.Progress | Where-Object RecordType -EQ 'Processing' | ForEach-Object StatusDescription)
        $statuses | Should -Be @('Preparing, batch 1 of 2', 'Running, batch 1 of 2', 'Succeeded, batch 2 of 2')
        @($run.Progress | Where-Object RecordType -EQ 'Processing')[-1].PercentComplete | Should -Be 100
    }

    It 'Status <FailStatus> is ChangeOrderFailed naming the application and the ChangeOrderId, with the order''s message made inert' -TestCases @(
        @{ FailStatus = 3; Status = 'Failed' }
        @{ FailStatus = 6; Status = 'Terminated' }
        @{ FailStatus = 10; Status = 'SystemFailure' }
    ) {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course FailAfter -Polls 2 -FailStatus $FailStatus -Message "Readiness probe failed`e[31m`r`nFAKE: all good"
        $record = Get-ErrorRecord { Restart-SaeApplication $A1, $A2 -RegionId cn-beijing -Wait -Delay 1 @Connection }
        $id = (Get-SaeEmulatorChangeOrder -AppId $A1).ChangeOrderId

        $record.FullyQualifiedErrorId | Should -Be "ChangeOrderFailed,$CommandId"
        $record.CategoryInfo.Category | Should -Be 'OperationStopped'
        $message = $record.Exception.Message
        $message | Should -BeLike "*web-frontend ($A1)*$id*"
        $message | Should -Match $Status
        $message.Contains("Readiness probe failed`u{FFFD}[31m`u{FFFD}`u{FFFD}FAKE: all good") | Should -BeTrue
        Test-HasControlCharacter $message | Should -BeFalse
        $record.TargetObject | Should -BeOfType ([SaeSecret.ChangeOrder])
        $record.TargetObject.ChangeOrderId | Should -Be $id
        $record.TargetObject.Status | Should -Be $Status
        Test-HasControlCharacter $record.TargetObject.ErrorMessage | Should -BeFalse
        Get-SaeEmulatorChangeOrderPollCount -ChangeOrderId $id | Should -Be 2
    }

    It 'the orders that succeeded before a failure were already written' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course FailAfter -Polls 2
        $written = [System.Collections.Generic.List[object]]::new()
        $record = Get-ErrorRecord { Restart-SaeApplication $A1, $A2 -RegionId cn-beijing -Wait -Delay 1 @Connection | ForEach-Object { $written.Add($_) } }
        $record.FullyQualifiedErrorId | Should -Be "ChangeOrderFailed,$CommandId"
        @($written).AppId | Should -Be @($A2)
    }

    It 'a batch that needs a manual rollback stops the wait at once: ChangeOrderNeedsRollback' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course NeedsRollback
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $record = Get-ErrorRecord { Restart-SaeApplication $A1 -RegionId cn-beijing -Wait -Delay 5 -Timeout 30 @Connection }
        $clock.Stop()
        $id = (Get-SaeEmulatorChangeOrder -AppId $A1).ChangeOrderId

        $record.FullyQualifiedErrorId | Should -Be "ChangeOrderNeedsRollback,$CommandId"
        $record.Exception.Message | Should -BeLike "*web-frontend ($A1)*$id*"
        $record.Exception.Message | Should -Match 'roll'
        $record.TargetObject.SubStatus | Should -Be 1
        Get-SaeEmulatorChangeOrderPollCount -ChangeOrderId $id | Should -Be 1
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 4 -Because 'the next poll would come after 5 s'
    }

    It 'a batch that waits for confirmation stops the wait at once: ChangeOrderAwaitingConfirmation says a batch must be confirmed' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course WaitForConfirmation -Batches 3
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $record = Get-ErrorRecord { Restart-SaeApplication $A1 -RegionId cn-beijing -Wait -Delay 5 -Timeout 30 @Connection }
        $clock.Stop()
        $id = (Get-SaeEmulatorChangeOrder -AppId $A1).ChangeOrderId

        $record.FullyQualifiedErrorId | Should -Be "ChangeOrderAwaitingConfirmation,$CommandId"
        $record.CategoryInfo.Category | Should -Be 'ResourceBusy'
        $record.Exception.Message | Should -BeLike "*web-frontend ($A1)*$id*"
        $record.Exception.Message | Should -Match 'batch.*confirm'
        $record.Exception.Message | Should -BeLike "*Wait-SaeChangeOrder -ChangeOrderId $id*"
        $record.TargetObject.Status | Should -Be ([SaeSecret.ChangeOrderStatus]::WaitingForManualConfirmation)
        Get-SaeEmulatorChangeOrderPollCount -ChangeOrderId $id | Should -Be 1
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 4 -Because 'the next poll would come after 5 s'
    }

    It 'past -Timeout: ChangeOrderWaitTimedOut names the application and the ChangeOrderId and says the order goes on' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course NeverEnd
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $record = Get-ErrorRecord { Restart-SaeApplication $A1 -RegionId cn-beijing -Wait -Delay 1 -Timeout 2 @Connection }
        $clock.Stop()
        $order = Get-SaeEmulatorChangeOrder -AppId $A1

        $record.FullyQualifiedErrorId | Should -Be "ChangeOrderWaitTimedOut,$CommandId"
        $record.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $record.Exception.Message | Should -BeLike "*web-frontend ($A1)*$($order.ChangeOrderId)*"
        $record.Exception.Message | Should -Match 'goes on'
        $record.TargetObject.ChangeOrderId | Should -Be $order.ChangeOrderId
        $order.Ended | Should -BeFalse
        $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1.9
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 8
        Get-SaeEmulatorChangeOrderPollCount -ChangeOrderId $order.ChangeOrderId | Should -BeIn 2, 3, 4
    }

    It 'Stop ends a wait at once, between polls' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course NeverEnd
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $Url, $Credential, $AppId)
                    Import-Module $ModulePath
                    Restart-SaeApplication $AppId -RegionId cn-beijing -Wait -Delay 600 -Timeout 3600 -Endpoint $Url -Credential $Credential
                }).AddArgument($env:SAESECRET_MODULE_PATH).AddArgument($EmulatorUrl).AddArgument($Credential).AddArgument($A1)
            $null = $ps.BeginInvoke()
            Wait-Until { (Get-SaeEmulatorActionCount -Action SaeDescribeChangeOrder) -ge 1 } -What 'the first poll'

            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5 -Because 'the next poll would come after 600 s'
            Get-SaeEmulatorActionCount -Action SaeDescribeChangeOrder | Should -Be 1
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Restart-SaeApplication never loses a restart it started' {
    BeforeEach { Reset-SaeEmulator }

    It 'with -Wait, a later refused restart names the restarts already started' {
        Set-SaeEmulatorChangeOrderCourse -AppId 'a1b2c3d4-0000-4000-8000-000000000002' -Course NotDeployYet
        $warnings = $null
        $stopped = $null
        try { Restart-SaeApplication 'a1b2c3d4-0000-4000-8000-000000000001', 'a1b2c3d4-0000-4000-8000-000000000002' -RegionId cn-beijing -Wait -Delay 1 @Connection -WarningVariable warnings -WarningAction SilentlyContinue } catch { $stopped = $_ }
        $stopped.FullyQualifiedErrorId | Should -BeLike 'Application.NotDeployYet,*'

        $started = @(Get-SaeEmulatorChangeOrder -AppId 'a1b2c3d4-0000-4000-8000-000000000001')
        $started.Count | Should -Be 1
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match ([regex]::Escape("Wait-SaeChangeOrder -ChangeOrderId $($started[0].ChangeOrderId)"))
    }

    It 'without -Wait, a restart whose state cannot be read is still written, with a warning' {
        Add-SaeEmulatorActionFault -Action DescribeChangeOrder -Kind status -Status 503 -Code ServiceUnavailable -Count -1
        $warnings = $null
        $order = Restart-SaeApplication 'a1b2c3d4-0000-4000-8000-000000000001' -RegionId cn-beijing -MaxRetries 0 @Connection -WarningVariable warnings -WarningAction SilentlyContinue

        $order | Should -BeOfType ([SaeSecret.ChangeOrder])
        $order.ChangeOrderId | Should -Be (Get-SaeEmulatorChangeOrder -AppId 'a1b2c3d4-0000-4000-8000-000000000001')[0].ChangeOrderId
        "$($warnings[0])" | Should -Match 'could not be read \(ServiceUnavailable\)'
    }
}
