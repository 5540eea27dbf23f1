# Wait-SaeChangeOrder: gathers ids or piped ChangeOrder objects, then polls them together until each ends, one fails
# or needs a hand, -Timeout passes, or the pipeline is stopped.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:CommandId = 'SaeSecret.PowerShell.Commands.WaitSaeChangeOrderCommand'
    $script:A1 = 'a1b2c3d4-0000-4000-8000-000000000001'   # web-frontend, cn-beijing:test
    $script:A2 = 'a1b2c3d4-0000-4000-8000-000000000002'   # order-worker, cn-beijing:test

    function Get-ErrorRecord([scriptblock] $Action) {
        try { & $Action | Out-Null }
        catch { return $_ }
        throw 'Expected a terminating error, but the command succeeded.'
    }

    # The ChangeOrderIds of the DescribeChangeOrder calls, in the order they reached the emulator.
    function Get-PolledId {
        @(Get-SaeEmulatorRequest | Where-Object { $_.Headers.'x-acs-action' -eq 'DescribeChangeOrder' } | ForEach-Object { $_.Query.ChangeOrderId })
    }

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

    function Wait-Until([scriptblock] $Condition, [string] $What) {
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out waiting for $What." }
            Start-Sleep -Milliseconds 50
        }
    }
}

Describe 'Wait-SaeChangeOrder as a command' {
    BeforeEach { Reset-SaeEmulator }

    It 'ChangeOrderId binds by value and by property name, RegionId by property name; -Timeout and -Delay; output ChangeOrder' {
        $command = Get-Command Wait-SaeChangeOrder
        $attribute = $command.Parameters['ChangeOrderId'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0]
        $command.Parameters['ChangeOrderId'].ParameterType | Should -Be ([string[]])
        $attribute.Mandatory | Should -BeTrue
        $attribute.Position | Should -Be 0
        $attribute.ValueFromPipeline | Should -BeTrue
        $attribute.ValueFromPipelineByPropertyName | Should -BeTrue
        $command.Parameters['RegionId'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0].ValueFromPipelineByPropertyName | Should -BeTrue
        $command.Parameters['Timeout'].ParameterType | Should -Be ([int])
        $command.Parameters['Delay'].ParameterType | Should -Be ([int])
        $command.OutputType.Type | Should -Be @([SaeSecret.ChangeOrder])
        $cmdlet = [SaeSecret.PowerShell.Commands.WaitSaeChangeOrderCommand]::new()
        $cmdlet.Timeout | Should -Be 1800
        $cmdlet.Delay | Should -Be 5
    }

    It '-<Parameter> <Value> is refused while binding and nothing is sent' -TestCases @(
        @{ Parameter = 'Delay'; Value = 0 }
        @{ Parameter = 'Delay'; Value = 3601 }
        @{ Parameter = 'Timeout'; Value = 0 }
        @{ Parameter = 'Timeout'; Value = -5 }
    ) {
        $arguments = @{ $Parameter = $Value }
        $record = Get-ErrorRecord { Wait-SaeChangeOrder 'c0ffee00-0000-4000-8000-000000000001' -RegionId cn-beijing @arguments @Connection }
        $record.FullyQualifiedErrorId | Should -Be "ParameterArgumentValidationError,$CommandId"
        $record.Exception.ParameterName | Should -Be $Parameter
        @(Get-SaeEmulatorRequest).Count | Should -Be 0
    }

    It 'an invalid ChangeOrderId is ChangeOrderIdInvalid, and nothing is sent for the valid ones before it' {
        $record = Get-ErrorRecord { 'c0ffee00-0000-4000-8000-000000000001', 'not valid!' | Wait-SaeChangeOrder -RegionId cn-beijing -Delay 1 @Connection }
        $record.FullyQualifiedErrorId | Should -Be "ChangeOrderIdInvalid,$CommandId"
        @(Get-SaeEmulatorRequest).Count | Should -Be 0 -Because 'the orders are polled only after the last record'
    }

    It 'an unknown id is the service''s InvalidChangeOrder.NotFound after one call' {
        $record = Get-ErrorRecord { Wait-SaeChangeOrder 'c0ffee00-0000-4000-8000-000000000001' -RegionId cn-beijing -Delay 1 @Connection }
        $record.FullyQualifiedErrorId | Should -Be "InvalidChangeOrder.NotFound,$CommandId"
        Get-SaeEmulatorActionCount -Action SaeDescribeChangeOrder | Should -Be 1
    }

    It 'with no region anywhere: RegionIdMissing and nothing is sent' {
        $record = Invoke-WithEnvironment @{ ALIBABA_CLOUD_REGION_ID = $null } {
            Get-ErrorRecord { Wait-SaeChangeOrder 'c0ffee00-0000-4000-8000-000000000001' -Delay 1 @Connection }
        }
        $record.FullyQualifiedErrorId | Should -Be "RegionIdMissing,$CommandId"
        @(Get-SaeEmulatorRequest).Count | Should -Be 0
    }
}

Describe 'Wait-SaeChangeOrder waits' {
    BeforeEach { Reset-SaeEmulator }

    It 'Restart-SaeApplication a, b | Wait-SaeChangeOrder: both restarted once, polled together, each written when it ends' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course SucceedAfter -Polls 3
        Set-SaeEmulatorChangeOrderCourse -AppId $A2 -Course SucceedAfter -Polls 2
        $orders = Invoke-WithEnvironment @{ ALIBABA_CLOUD_REGION_ID = $null } {
            @(Restart-SaeApplication $A1, $A2 -RegionId cn-beijing @Connection | Wait-SaeChangeOrder -Delay 1 @Connection)
        }

        $orders.AppId | Should -Be @($A2, $A1) -Because 'order-worker ends a poll before web-frontend'
        $orders.Status | Should -Be @('Succeeded', 'Succeeded')
        $orders.RegionId | Should -Be @('cn-beijing', 'cn-beijing')
        foreach ($order in $orders) { $order.GetType() | Should -Be ([SaeSecret.ChangeOrder]) }
        Get-SaeEmulatorRestartCount -AppId $A1 | Should -Be 1
        Get-SaeEmulatorRestartCount -AppId $A2 | Should -Be 1
        $id1 = (Get-SaeEmulatorChangeOrder -AppId $A1).ChangeOrderId
        $id2 = (Get-SaeEmulatorChangeOrder -AppId $A2).ChangeOrderId
        # Restart-SaeApplication describes each order once; then each poll of the wait describes each unfinished order once.
        Get-PolledId | Should -Be @($id1, $id2, $id1, $id2, $id1)
    }

    It 'ids with -RegionId: the same order given twice is waited for once' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course SucceedAfter -Polls 3
        $id = (Restart-SaeApplication $A1 -RegionId cn-beijing @Connection).ChangeOrderId
        $orders = @(Wait-SaeChangeOrder $id, $id -RegionId cn-beijing -Delay 1 @Connection)
        $orders.Count | Should -Be 1
        $orders[0].ChangeOrderId | Should -Be $id
        $orders[0].AppName | Should -Be 'web-frontend'
        Get-SaeEmulatorChangeOrderPollCount -ChangeOrderId $id | Should -Be 3
    }

    It 'an order that already ended is written after one call, without waiting' {
        $id = (Restart-SaeApplication $A1 -RegionId cn-beijing @Connection).ChangeOrderId
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $order = $id | Wait-SaeChangeOrder -RegionId cn-beijing -Delay 30 @Connection
        $clock.Stop()
        $order.Status | Should -Be ([SaeSecret.ChangeOrderStatus]::Succeeded)
        Get-SaeEmulatorChangeOrderPollCount -ChangeOrderId $id | Should -Be 2
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
    }

    It 'shows a progress bar per order and completes it when the order ends' {
        Set-SaeEmulatorChangeOrderCourse -Course SucceedAfter -Polls 2
        $ids = @(Restart-SaeApplication $A1, $A2 -RegionId cn-beijing @Connection).ChangeOrderId
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $Url, $Credential, $Ids)
                    Import-Module $ModulePath
                    Wait-SaeChangeOrder $Ids -RegionId cn-beijing -Delay 1 -Endpoint $Url -Credential $Credential
                }).AddArgument($env:SAESECRET_MODULE_PATH).AddArgument($EmulatorUrl).AddArgument($Credential).AddArgument($ids)
            $output = @($ps.Invoke())
            $progress = @($ps.Streams.Progress)
        }
        finally { $ps.Dispose() }
        $output.Count | Should -Be 2
        @($progress | Group-Object ActivityId).Count | Should -Be 2
        foreach ($order in $output) {
            $records = @($progress | Where-Object { $_.Activity -like "*$($order.AppName)*$($order.ChangeOrderId)*" })
            $records.Count | Should -BeGreaterOrEqual 2
            $records[-1].RecordType | Should -Be 'Completed'
        }
    }

    It 'a failed order is ChangeOrderFailed with its message, naming the application and the ChangeOrderId' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A2 -Course FailAfter -Polls 2 -FailStatus 6 -Message "stopped by an operator`n"
        $order = Restart-SaeApplication $A2 -RegionId cn-beijing @Connection
        $record = Get-ErrorRecord { $order | Wait-SaeChangeOrder -Delay 1 @Connection }
        $record.FullyQualifiedErrorId | Should -Be "ChangeOrderFailed,$CommandId"
        $record.Exception.Message | Should -BeLike "*order-worker ($A2)*$($order.ChangeOrderId)*Terminated*stopped by an operator*"
        $record.Exception.Message | Should -Not -Match '[\x00-\x1F\x7F-\x9F]'
        $record.TargetObject.ChangeOrderId | Should -Be $order.ChangeOrderId
    }

    It 'a batch waiting for a rollback or for confirmation stops the wait at once' -TestCases @(
        @{ Course = 'NeedsRollback'; ErrorId = 'ChangeOrderNeedsRollback'; Says = 'roll' }
        @{ Course = 'WaitForConfirmation'; ErrorId = 'ChangeOrderAwaitingConfirmation'; Says = 'confirm' }
    ) {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course $Course -Polls 2
        $order = Restart-SaeApplication $A1 -RegionId cn-beijing @Connection
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $record = Get-ErrorRecord { $order | Wait-SaeChangeOrder -Delay 5 -Timeout 60 @Connection }
        $clock.Stop()
        $record.FullyQualifiedErrorId | Should -Be "$ErrorId,$CommandId"
        $record.Exception.Message | Should -BeLike "*web-frontend ($A1)*$($order.ChangeOrderId)*"
        $record.Exception.Message | Should -Match $Says
        Get-SaeEmulatorChangeOrderPollCount -ChangeOrderId $order.ChangeOrderId | Should -Be 2
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 4 -Because 'the next poll would come after 5 s'
    }

    It 'past -Timeout: ChangeOrderWaitTimedOut names every unfinished order and says they go on' {
        Set-SaeEmulatorChangeOrderCourse -Course NeverEnd
        $orders = @(Restart-SaeApplication $A1, $A2 -RegionId cn-beijing @Connection)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $record = Get-ErrorRecord { $orders | Wait-SaeChangeOrder -Delay 1 -Timeout 2 @Connection }
        $clock.Stop()
        $record.FullyQualifiedErrorId | Should -Be "ChangeOrderWaitTimedOut,$CommandId"
        $record.Exception.Message | Should -BeLike "*web-frontend ($A1)*$($orders[0].ChangeOrderId)*order-worker ($A2)*$($orders[1].ChangeOrderId)*"
        $record.Exception.Message | Should -Match 'goes on'
        $record.Exception.Message | Should -BeLike "*Wait-SaeChangeOrder -ChangeOrderId $($orders[0].ChangeOrderId),$($orders[1].ChangeOrderId)*"
        @($record.TargetObject).ChangeOrderId | Should -Be @($orders.ChangeOrderId)
        $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1.9
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 8
        foreach ($order in $orders) { (Get-SaeEmulatorChangeOrder -ChangeOrderId $order.ChangeOrderId).Ended | Should -BeFalse }
    }

    It 'Stop ends a wait at once, between polls' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course NeverEnd
        $id = (Restart-SaeApplication $A1 -RegionId cn-beijing @Connection).ChangeOrderId
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $Url, $Credential, $Id)
                    Import-Module $ModulePath
                    Wait-SaeChangeOrder $Id -RegionId cn-beijing -Delay 600 -Endpoint $Url -Credential $Credential
                }).AddArgument($env:SAESECRET_MODULE_PATH).AddArgument($EmulatorUrl).AddArgument($Credential).AddArgument($id)
            $null = $ps.BeginInvoke()
            Wait-Until { (Get-SaeEmulatorChangeOrderPollCount -ChangeOrderId $id) -ge 2 } -What 'the first poll of the wait'

            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5 -Because 'the next poll would come after 600 s'
            Get-SaeEmulatorChangeOrderPollCount -ChangeOrderId $id | Should -Be 2
        }
        finally { $ps.Dispose() }
    }
}
