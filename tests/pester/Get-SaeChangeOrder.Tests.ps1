# Get-SaeChangeOrder: DescribeChangeOrder for ids or piped ChangeOrder objects, one call each, never waiting.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:CommandId = 'SaeSecret.PowerShell.Commands.GetSaeChangeOrderCommand'
    $script:A1 = 'a1b2c3d4-0000-4000-8000-000000000001'   # web-frontend, cn-beijing:test
    $script:A2 = 'a1b2c3d4-0000-4000-8000-000000000002'   # order-worker, cn-beijing:test

    function Get-ErrorRecord([scriptblock] $Action) {
        try { & $Action | Out-Null }
        catch { return $_ }
        throw 'Expected a terminating error, but the command succeeded.'
    }

    function Get-DescribeCount { Get-SaeEmulatorActionCount -Action SaeDescribeChangeOrder }

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

    # Starts a restart of the app (on the course set for it) and returns its ChangeOrderId.
    function New-Order([string] $AppId) {
        (Restart-SaeApplication $AppId -RegionId cn-beijing @Connection).ChangeOrderId
    }
}

Describe 'Get-SaeChangeOrder as a command' {
    BeforeEach { Reset-SaeEmulator }

    It 'ChangeOrderId (mandatory, position 0) binds by value and by property name, RegionId by property name; output ChangeOrder' {
        $command = Get-Command Get-SaeChangeOrder
        $id = $command.Parameters['ChangeOrderId']
        $id.ParameterType | Should -Be ([string[]])
        $attribute = $id.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0]
        $attribute.Mandatory | Should -BeTrue
        $attribute.Position | Should -Be 0
        $attribute.ValueFromPipeline | Should -BeTrue
        $attribute.ValueFromPipelineByPropertyName | Should -BeTrue
        $command.Parameters['RegionId'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0].ValueFromPipelineByPropertyName | Should -BeTrue
        $command.OutputType.Type | Should -Be @([SaeSecret.ChangeOrder])
        $command.Parameters.Keys | Should -Not -Contain 'WhatIf'
    }

    It '<Case> is ChangeOrderIdInvalid and nothing is sent' -TestCases @(
        @{ Case = 'an empty id'; Id = '' }
        @{ Case = 'a space'; Id = 'co 1' }
        @{ Case = 'a query'; Id = 'x?ChangeOrderId=y' }
        @{ Case = 'a line break'; Id = "co`r`nFAKE" }
        @{ Case = 'an id of 65 characters'; Id = ('c' * 65) }
    ) {
        $record = Get-ErrorRecord { Get-SaeChangeOrder 'c0ffee00-0000-4000-8000-000000000001', $Id -RegionId cn-beijing @Connection }
        $record.FullyQualifiedErrorId | Should -Be "ChangeOrderIdInvalid,$CommandId"
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.Exception.Message | Should -Not -Match '[\x00-\x1F\x7F-\x9F]'
        @(Get-SaeEmulatorRequest).Count | Should -Be 0
    }

    It 'an unknown id is the service''s InvalidChangeOrder.NotFound (ObjectNotFound), sent once' {
        $record = Get-ErrorRecord { Get-SaeChangeOrder 'c0ffee00-0000-4000-8000-000000000001' -RegionId cn-beijing @Connection }
        $record.FullyQualifiedErrorId | Should -Be "InvalidChangeOrder.NotFound,$CommandId"
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $record.Exception | Should -BeOfType ([SaeSecret.SaeServiceException])
        Get-DescribeCount | Should -Be 1
    }

    It 'with no region anywhere: RegionIdMissing and nothing is sent' {
        $record = Invoke-WithEnvironment @{ ALIBABA_CLOUD_REGION_ID = $null } {
            Get-ErrorRecord { Get-SaeChangeOrder 'c0ffee00-0000-4000-8000-000000000001' @Connection }
        }
        $record.FullyQualifiedErrorId | Should -Be "RegionIdMissing,$CommandId"
        @(Get-SaeEmulatorRequest).Count | Should -Be 0
    }
}

Describe 'Get-SaeChangeOrder describes change orders' {
    BeforeEach { Reset-SaeEmulator }

    It 'writes every field of the order as DescribeChangeOrder answers it' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course SucceedAfter -Polls 3 -Batches 3
        $id = New-Order $A1
        $order = Get-SaeChangeOrder -ChangeOrderId $id -RegionId cn-beijing @Connection
        $stored = Get-SaeEmulatorChangeOrder -ChangeOrderId $id

        $order.GetType() | Should -Be ([SaeSecret.ChangeOrder])
        $order.RegionId | Should -Be 'cn-beijing'
        $order.AppId | Should -Be $A1
        $order.AppName | Should -Be 'web-frontend'
        $order.ChangeOrderId | Should -Be $id
        $order.CoTypeCode | Should -Be 'CoRestartApplication'
        $order.Status | Should -Be ([SaeSecret.ChangeOrderStatus]::Running)
        [int]$order.Status | Should -Be $stored.Status
        $order.SubStatus | Should -Be 0
        $order.ErrorMessage | Should -BeNullOrEmpty
        $order.CreateTime.ToString('yyyy-MM-dd HH:mm:ss') | Should -Be $stored.CreateTime
        $order.BatchCount | Should -Be 3
        $order.CurrentBatch | Should -Be 2
        $order.Progress | Should -Be 'batch 2 of 3'
        $order.Ended | Should -BeFalse
        $order.RequestId | Should -Not -BeNullOrEmpty
        @($order.Batches).Count | Should -Be 3
        $order.Batches.PipelineName | Should -Be @($stored.Pipelines.PipelineName)
        $order.Batches.Status | Should -Be @('Succeeded', 'Running', 'Preparing')
        $order.Batches[0].StartTime | Should -BeOfType ([datetime])
        $order.Batches[0].StartTime.Kind | Should -Be 'Utc'
        $order.Batches[2].StartTime | Should -BeNullOrEmpty
        Get-DescribeCount | Should -Be 2 -Because 'one for Restart-SaeApplication, one for Get-SaeChangeOrder'
    }

    It 'never waits: a running order is written as it is, after one call' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course NeverEnd
        $id = New-Order $A1
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $order = Get-SaeChangeOrder $id -RegionId cn-beijing @Connection
        $clock.Stop()
        $order.Status | Should -Be ([SaeSecret.ChangeOrderStatus]::Running)
        Get-SaeEmulatorChangeOrderPollCount -ChangeOrderId $id | Should -Be 2
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
    }

    It 'several ids: one DescribeChangeOrder each, written in the order given' {
        $first = New-Order $A1
        $second = New-Order $A2
        $orders = @(Get-SaeChangeOrder $second, $first -RegionId cn-beijing @Connection)
        $orders.ChangeOrderId | Should -Be @($second, $first)
        $orders.AppName | Should -Be @('order-worker', 'web-frontend')
        Get-SaeEmulatorChangeOrderPollCount -ChangeOrderId $first | Should -Be 2
        Get-SaeEmulatorChangeOrderPollCount -ChangeOrderId $second | Should -Be 2
    }

    It 'ids bind by value from the pipeline' {
        $first = New-Order $A1
        $second = New-Order $A2
        $orders = @($first, $second | Get-SaeChangeOrder -RegionId cn-beijing @Connection)
        $orders.ChangeOrderId | Should -Be @($first, $second)
    }

    It 'binds ChangeOrder objects from the pipeline, ChangeOrderId and RegionId by property name (no -RegionId needed)' {
        $orders = Invoke-WithEnvironment @{ ALIBABA_CLOUD_REGION_ID = $null } {
            @(Restart-SaeApplication $A1, $A2 -RegionId cn-beijing @Connection | Get-SaeChangeOrder @Connection)
        }
        $orders.Count | Should -Be 2
        $orders.AppId | Should -Be @($A1, $A2)
        $orders.RegionId | Should -Be @('cn-beijing', 'cn-beijing')
        foreach ($order in $orders) { Get-SaeEmulatorChangeOrderPollCount -ChangeOrderId $order.ChangeOrderId | Should -Be 2 }
    }

    It 'a piped record''s RegionId wins over ALIBABA_CLOUD_REGION_ID; without one the variable is used' {
        $id = New-Order $A1
        $fromRecord = Invoke-WithEnvironment @{ ALIBABA_CLOUD_REGION_ID = 'cn-hangzhou' } {
            [pscustomobject]@{ ChangeOrderId = $id; RegionId = 'cn-beijing' } | Get-SaeChangeOrder @Connection
        }
        $fromRecord.RegionId | Should -Be 'cn-beijing'
        $fromVariable = Invoke-WithEnvironment @{ ALIBABA_CLOUD_REGION_ID = 'cn-hangzhou' } { Get-SaeChangeOrder $id @Connection }
        $fromVariable.RegionId | Should -Be 'cn-hangzhou'
    }

    It 'a batch that needs a rollback shows Running with SubStatus 1 and the service''s message' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course NeedsRollback -Polls 2 -Message "probe failed`e]0;title`a"
        $id = New-Order $A1
        $order = Get-SaeChangeOrder $id -RegionId cn-beijing @Connection
        $order.Status | Should -Be ([SaeSecret.ChangeOrderStatus]::Running)
        $order.SubStatus | Should -Be 1
        $order.ErrorMessage.Contains("probe failed`u{FFFD}]0;title`u{FFFD}") | Should -BeTrue -Because 'control characters are made inert'
        $order.ErrorMessage | Should -Not -Match '[\x00-\x1F\x7F-\x9F]'
    }

    It 'a failed order shows its status and message; an order waiting for confirmation shows status 8' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course FailAfter -FailStatus 10 -Message 'quota gone'
        Set-SaeEmulatorChangeOrderCourse -AppId $A2 -Course WaitForConfirmation
        $failed = Restart-SaeApplication $A1 -RegionId cn-beijing @Connection | Get-SaeChangeOrder @Connection
        $waiting = Restart-SaeApplication $A2 -RegionId cn-beijing @Connection | Get-SaeChangeOrder @Connection
        $failed.Status | Should -Be ([SaeSecret.ChangeOrderStatus]::SystemFailure)
        $failed.ErrorMessage | Should -Be 'quota gone'
        $failed.Ended | Should -BeTrue
        $waiting.Status | Should -Be ([SaeSecret.ChangeOrderStatus]::WaitingForManualConfirmation)
        $waiting.Progress | Should -Be 'batch 2 of 2'
        $waiting.Ended | Should -BeFalse
    }
}
