# Set-SaeSecret -RestartApplications and Update-SaeSecret -RestartApplications: after the last record, each distinct
# application (region + AppId) of the secrets that changed is restarted once, in first-seen order, and waited for.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:SetId = 'SaeSecret.PowerShell.Commands.SetSaeSecretCommand'
    $script:UpdateId = 'SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand'
    $script:A1 = 'a1b2c3d4-0000-4000-8000-000000000001'   # web-frontend, cn-beijing:test (secret 16)
    $script:A2 = 'a1b2c3d4-0000-4000-8000-000000000002'   # order-worker, cn-beijing:test (secret 16)
    $script:A3 = 'a1b2c3d4-0000-4000-8000-000000000003'   # batch-runner, cn-beijing:test (secret 20, below)
    $script:A4 = 'a1b2c3d4-0000-4000-8000-000000000004'   # payment-api, cn-hangzhou:prod (secret 21, below)
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "saesecret-restartapps-$PID"
    New-Item -ItemType Directory -Force -Path $Work | Out-Null

    function Get-ErrorRecord([scriptblock] $Action) {
        try { & $Action | Out-Null }
        catch { return $_ }
        throw 'Expected a terminating error, but the command succeeded.'
    }

    function Get-SaeRequest { @(Get-SaeEmulatorRequest | Where-Object Service -EQ 'sae') }
    function Get-Action { @(Get-SaeRequest | ForEach-Object { $_.Headers.'x-acs-action' }) }
    function Get-RestartedAppId { @(Get-SaeRequest | Where-Object { $_.Headers.'x-acs-action' -eq 'RestartApplication' } | ForEach-Object { $_.Query.AppId }) }
    function Get-Writes { @(Get-SaeRequest | Where-Object { $_.Method -ne 'GET' }) }

    # The "What if:" lines a command writes, read from a transcript (the host writes them, not a stream).
    function Get-WhatIfLine([scriptblock] $Command) {
        $transcript = Join-Path $Work "whatif-$([guid]::NewGuid()).txt"
        Start-Transcript -Path $transcript | Out-Null
        try { & $Command | Out-Null } finally { Stop-Transcript | Out-Null }
        $lines = @(Get-Content $transcript | Where-Object { $_ -like 'What if:*' })
        Remove-Item $transcript
        $lines
    }

    # Secret 16 (app-config) is used by web-frontend and order-worker; 20 (worker-config) by order-worker and
    # batch-runner, in the same namespace; 21 (hz-config) by payment-api in cn-hangzhou:prod.
    function Initialize-SharedApps {
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 20 -Name 'worker-config' -Data @{ w = (ConvertTo-Base64Utf8 'w1') } `
            -RelateApps @{ AppId = $A2; AppName = 'order-worker' }, @{ AppId = $A3; AppName = 'batch-runner' }
        Set-SaeEmulatorSecret -NamespaceId 'cn-hangzhou:prod' -SecretId 21 -Name 'hz-config' -Data @{ h = (ConvertTo-Base64Utf8 'h1') } `
            -RelateApps @{ AppId = $A4; AppName = 'payment-api' }
    }

    function New-Record([string] $NamespaceId, [long] $SecretId, [hashtable] $SecretData) {
        [pscustomobject]@{ NamespaceId = $NamespaceId; SecretId = $SecretId; SecretData = $SecretData }
    }

    function Get-TypeName([object[]] $Output) { @($Output | ForEach-Object { $_.GetType().Name }) }
}

AfterAll { Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue }

Describe '-RestartApplications of Set-SaeSecret and Update-SaeSecret' {
    BeforeEach { Reset-SaeEmulator }

    It '<Command> declares -RestartApplications as a switch' -TestCases @(
        @{ Command = 'Set-SaeSecret' }
        @{ Command = 'Update-SaeSecret' }
    ) {
        (Get-Command $Command).Parameters['RestartApplications'].SwitchParameter | Should -BeTrue
    }

    It 'Set-SaeSecret: restarts both applications of the changed secret once, after the write, waits, and writes their change orders after the result' {
        $output = @(Set-SaeSecret 'cn-beijing:test' app-config @{ k1 = 'rotated' } -RestartApplications @Connection -WarningVariable warnings -WarningAction SilentlyContinue)

        Get-TypeName $output | Should -Be @('SetSecretResult', 'ChangeOrder', 'ChangeOrder')
        $output[0].Action | Should -Be 'Updated'
        $output[1..2].AppId | Should -Be @($A1, $A2)
        $output[1..2].AppName | Should -Be @('web-frontend', 'order-worker')
        $output[1..2].Status | Should -Be @('Succeeded', 'Succeeded')
        $output[1..2].RegionId | Should -Be @('cn-beijing', 'cn-beijing')
        @($warnings).Count | Should -Be 0 -Because 'the applications are restarted, not just named'
        Get-Action | Should -Be @('ListSecrets', 'DescribeSecret', 'UpdateSecret', 'RestartApplication', 'RestartApplication', 'DescribeChangeOrder', 'DescribeChangeOrder')
        Get-SaeEmulatorRestartCount -AppId $A1 | Should -Be 1
        Get-SaeEmulatorRestartCount -AppId $A2 | Should -Be 1
        foreach ($order in $output[1..2]) { (Get-SaeEmulatorChangeOrder -ChangeOrderId $order.ChangeOrderId).Ended | Should -BeTrue }
    }

    It 'Update-SaeSecret (a plain replace) reads the secret''s applications, one DescribeSecret per record, and restarts them' {
        Initialize-SharedApps
        $output = @(
            (New-Record 'cn-beijing:test' 16 @{ k1 = 'rotated' }),
            (New-Record 'cn-beijing:test' 20 @{ w = 'rotated' }) | Update-SaeSecret -RestartApplications @Connection -WarningVariable warnings -WarningAction SilentlyContinue)

        Get-TypeName $output | Should -Be @('UpdateSecretResult', 'UpdateSecretResult', 'ChangeOrder', 'ChangeOrder', 'ChangeOrder')
        $output[2..4].AppId | Should -Be @($A1, $A2, $A3)
        $output[0].RelateApps.AppId | Should -Be @($A1, $A2)
        Get-SaeEmulatorActionCount -Action SaeDescribeSecret | Should -Be 2
        Get-SaeEmulatorActionCount -Action SaeUpdateSecret | Should -Be 2
        @($warnings).Count | Should -Be 0
    }

    It 'Update-SaeSecret -Merge reads each secret once (the merge''s read) and restarts its applications' {
        $output = @(Update-SaeSecret 'cn-beijing:test' 16 @{ extra = 'x' } -Merge -RestartApplications @Connection -WarningVariable warnings -WarningAction SilentlyContinue)
        Get-TypeName $output | Should -Be @('UpdateSecretResult', 'ChangeOrder', 'ChangeOrder')
        $output[1..2].AppName | Should -Be @('web-frontend', 'order-worker')
        Get-Action | Should -Be @('DescribeSecret', 'UpdateSecret', 'RestartApplication', 'RestartApplication', 'DescribeChangeOrder', 'DescribeChangeOrder')
        @($warnings).Count | Should -Be 0
    }

    It 'a pipeline of secrets sharing applications restarts each application (region + AppId) once, in first-seen order, after every write' {
        Initialize-SharedApps
        $records = @(
            (New-Record 'cn-beijing:test' 16 @{ k1 = 'rotated' })
            (New-Record 'cn-beijing:test' 20 @{ w = 'rotated' })
            (New-Record 'cn-hangzhou:prod' 21 @{ h = 'rotated' })
            (New-Record 'cn-beijing:test' 16 @{ k1 = 'rotated-again' })
        )
        $output = @($records | Update-SaeSecret -Merge -RestartApplications @Connection)

        Get-TypeName $output | Should -Be (@('UpdateSecretResult') * 4 + @('ChangeOrder') * 4)
        $orders = $output[4..7]
        $orders.AppId | Should -Be @($A1, $A2, $A3, $A4)
        $orders.AppName | Should -Be @('web-frontend', 'order-worker', 'batch-runner', 'payment-api')
        $orders.RegionId | Should -Be @('cn-beijing', 'cn-beijing', 'cn-beijing', 'cn-hangzhou')
        Get-RestartedAppId | Should -Be @($A1, $A2, $A3, $A4)

        # No restart starts before every write of the pipeline is done.
        $requests = Get-SaeRequest
        $lastWrite = ($requests | Where-Object { $_.Headers.'x-acs-action' -eq 'UpdateSecret' } | Measure-Object -Property Seq -Maximum).Maximum
        $firstRestart = ($requests | Where-Object { $_.Headers.'x-acs-action' -eq 'RestartApplication' } | Measure-Object -Property Seq -Minimum).Minimum
        @($requests | Where-Object { $_.Headers.'x-acs-action' -eq 'UpdateSecret' }).Count | Should -Be 4
        $firstRestart | Should -BeGreaterThan $lastWrite
    }

    It 'Set-SaeSecret over several secrets: only the applications of secrets that changed are restarted' {
        Initialize-SharedApps
        $records = @(
            [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretName = 'worker-config'; SecretData = @{ w = 'w1' } }   # unchanged
            [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretName = 'app-config'; SecretData = @{ k1 = 'rotated' } }
            [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretName = 'brand-new'; SecretData = @{ n = '1' } }     # created: no applications
        )
        $output = @($records | Set-SaeSecret -RestartApplications @Connection)

        $output[0..2].Action | Should -Be @('Unchanged', 'Updated', 'Created')
        Get-TypeName $output[3..($output.Count - 1)] | Should -Be @('ChangeOrder', 'ChangeOrder')
        Get-RestartedAppId | Should -Be @($A1, $A2) -Because 'batch-runner uses only the unchanged secret'
        Get-SaeEmulatorRestartCount -AppId $A3 | Should -Be 0
    }

    It 'unchanged secrets restart nothing: Set-SaeSecret (no write) and Update-SaeSecret (written as asked, same data)' {
        $set = @(Set-SaeSecret 'cn-beijing:test' app-config @{ k1 = 'v1' } -RestartApplications @Connection)
        $update = @(Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'v1' } -RestartApplications @Connection)
        $merge = @(Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'v1' } -Merge -RestartApplications @Connection)

        $set.Action | Should -Be @('Unchanged')
        Get-TypeName $update | Should -Be @('UpdateSecretResult')
        Get-TypeName $merge | Should -Be @('UpdateSecretResult')
        Get-SaeEmulatorActionCount -Action SaeRestartApplication | Should -Be 0
        Get-SaeEmulatorActionCount -Action SaeDescribeChangeOrder | Should -Be 0
    }

    It 'a secret no application uses restarts nothing' {
        $output = @(Update-SaeSecret 'cn-hangzhou:prod' 1 @{ k = 'changed' } -RestartApplications @Connection)
        Get-TypeName $output | Should -Be @('UpdateSecretResult')
        Get-SaeEmulatorActionCount -Action SaeRestartApplication | Should -Be 0
    }

    It 'without -RestartApplications nothing is restarted and the warning names the switch' {
        Set-SaeSecret 'cn-beijing:test' app-config @{ k1 = 'rotated' } @Connection -WarningVariable setWarnings -WarningAction SilentlyContinue | Out-Null
        Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'again' } -Merge @Connection -WarningVariable mergeWarnings -WarningAction SilentlyContinue | Out-Null

        foreach ($warnings in $setWarnings, $mergeWarnings) {
            @($warnings).Count | Should -Be 1
            "$($warnings[0])" | Should -BeLike "Secret cn-beijing:test/16 (app-config) is used by web-frontend ($A1), order-worker ($A2). *restart or redeploy*-RestartApplications*"
        }
        Get-SaeEmulatorActionCount -Action SaeRestartApplication | Should -Be 0
    }

    It 'a restart that fails stops the command with ChangeOrderFailed after the secret results, the secret written' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course FailAfter -Message 'readiness check failed'
        $written = [System.Collections.Generic.List[object]]::new()
        $record = Get-ErrorRecord { Set-SaeSecret 'cn-beijing:test' app-config @{ k1 = 'rotated' } -RestartApplications @Connection | ForEach-Object { $written.Add($_) } }

        $record.FullyQualifiedErrorId | Should -Be "ChangeOrderFailed,$SetId"
        $record.Exception.Message | Should -BeLike "*web-frontend ($A1)*$((Get-SaeEmulatorChangeOrder -AppId $A1).ChangeOrderId)*readiness check failed*"
        Get-TypeName $written | Should -Be @('SetSecretResult')
        ((ConvertFrom-Base64Utf8 (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Data.k1) -ceq 'rotated') | Should -BeTrue
    }

    It 'an application with a change order still running: Application.ChangerOrderRunning, sent once, never retried' {
        Set-SaeEmulatorChangeOrderCourse -AppId $A1 -Course NeverEnd
        Restart-SaeApplication $A1 -RegionId cn-beijing @Connection | Out-Null

        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'rotated' } -Merge -RestartApplications -MaxRetries 3 @Connection }
        $record.FullyQualifiedErrorId | Should -Be "Application.ChangerOrderRunning,$UpdateId"
        Get-SaeEmulatorRestartCount -AppId $A1 | Should -Be 2 -Because 'one restart before, one from Update-SaeSecret'
        Get-SaeEmulatorActionCount -Action SaeUpdateSecret | Should -Be 1
    }
}

Describe '-RestartApplications under -WhatIf' {
    BeforeEach { Reset-SaeEmulator }

    It 'Update-SaeSecret: writes and restarts nothing; one What-if line per application, naming it and the secret' {
        Initialize-SharedApps
        $lines = Get-WhatIfLine {
            (New-Record 'cn-beijing:test' 16 @{ k1 = 'rotated' }), (New-Record 'cn-beijing:test' 20 @{ w = 'rotated' }) |
                Update-SaeSecret -RestartApplications @Connection -WhatIf
        }
        $lines | Should -Be @(
            'What if: Performing the operation "Update the secret''s data (change: k1)" on target "cn-beijing:test/16".'
            'What if: Performing the operation "Update the secret''s data (change: w)" on target "cn-beijing:test/20".'
            "What if: Performing the operation ""Restart the application to give it the new data of secret cn-beijing:test/16 (app-config)"" on target ""web-frontend ($A1) in cn-beijing""."
            "What if: Performing the operation ""Restart the application to give it the new data of secret cn-beijing:test/16 (app-config)"" on target ""order-worker ($A2) in cn-beijing""."
            "What if: Performing the operation ""Restart the application to give it the new data of secret cn-beijing:test/20 (worker-config)"" on target ""batch-runner ($A3) in cn-beijing"".")
        Get-Writes | Should -BeNullOrEmpty
        Get-SaeEmulatorActionCount -Action SaeRestartApplication | Should -Be 0
        Get-SaeEmulatorActionCount -Action SaeDescribeChangeOrder | Should -Be 0
    }

    It 'Set-SaeSecret: the restart lines follow the write lines, and an unchanged secret names no application' {
        Initialize-SharedApps
        $lines = Get-WhatIfLine {
            [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretName = 'worker-config'; SecretData = @{ w = 'w1' } },
            [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretName = 'app-config'; SecretData = @{ k1 = 'rotated' } } |
                Set-SaeSecret -RestartApplications @Connection -WhatIf
        }
        $lines | Should -Be @(
            'What if: Performing the operation "Update the secret''s data (change: k1)" on target "cn-beijing:test/app-config (cn-beijing:test/16)".'
            "What if: Performing the operation ""Restart the application to give it the new data of secret cn-beijing:test/16 (app-config)"" on target ""web-frontend ($A1) in cn-beijing""."
            "What if: Performing the operation ""Restart the application to give it the new data of secret cn-beijing:test/16 (app-config)"" on target ""order-worker ($A2) in cn-beijing"".")
        Get-Writes | Should -BeNullOrEmpty
        Get-SaeEmulatorActionCount -Action SaeRestartApplication | Should -Be 0
    }

    It 'no value appears in any What-if line' {
        $lines = Get-WhatIfLine { Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'WhatIfValue-9f3e' } -Merge -RestartApplications @Connection -WhatIf }
        @($lines).Count | Should -Be 3
        Assert-NoLeak -Text $lines -Secret 'WhatIfValue-9f3e' -Where 'the What-if lines'
        Get-Writes | Should -BeNullOrEmpty
    }
}

Describe '-RestartApplications when the pipeline stops early' {
    BeforeEach { Reset-SaeEmulator }

    It 'a later record that fails leaves a warning naming the applications of the secrets already changed, and restarts nothing' {
        $records = @(
            [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretId = 16; SecretData = @{ k1 = 'changed-before-the-stop' } }
            [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretId = 404; SecretData = @{ k1 = 'x' } }
        )
        $warnings = $null
        $stopped = $null
        try { $records | Update-SaeSecret -RestartApplications @Connection -WarningVariable warnings -WarningAction SilentlyContinue } catch { $stopped = $_ }
        $stopped.FullyQualifiedErrorId | Should -BeLike 'InvalidSecretId.NotFound,*'

        Get-RestartedAppId | Should -BeNullOrEmpty
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'stopped before restarting web-frontend \(a1b2c3d4-0000-4000-8000-000000000001\) in cn-beijing, order-worker \(a1b2c3d4-0000-4000-8000-000000000002\) in cn-beijing'
        "$($warnings[0])" | Should -Match 'cn-beijing:test/16 \(app-config\)'
        "$($warnings[0])" | Should -Match 'Restart-SaeApplication'
        "$($warnings[0])".Contains('changed-before-the-stop') | Should -BeFalse
    }

    It 'a refused restart names the applications not restarted, and the restarts already started are still waited for by nobody but named' {
        Set-SaeEmulatorChangeOrderCourse -AppId 'a1b2c3d4-0000-4000-8000-000000000002' -Course NotDeployYet
        $warnings = $null
        $stopped = $null
        try { Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'rotated' } -RestartApplications @Connection -WarningVariable warnings -WarningAction SilentlyContinue } catch { $stopped = $_ }
        $stopped.FullyQualifiedErrorId | Should -BeLike 'Application.NotDeployYet,*'

        Get-RestartedAppId | Should -Be @('a1b2c3d4-0000-4000-8000-000000000001', 'a1b2c3d4-0000-4000-8000-000000000002')
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'stopped before restarting order-worker'
        "$($warnings[0])" | Should -Not -Match 'web-frontend'
    }
}
