BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    function Get-AttemptCount([string] $NamespaceId, [long] $SecretId) {
        @(Get-SaeEmulatorRequest | Where-Object { $_.Service -eq 'sae' -and $_.Query.NamespaceId -eq $NamespaceId -and $_.Query.SecretId -eq "$SecretId" }).Count
    }

    # Polls until the condition holds (observing, not sleeping a fixed time); fails after the deadline.
    function Wait-Until([scriptblock] $Condition, [int] $TimeoutSeconds = 30, [string] $What) {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out waiting for $What." }
            Start-Sleep -Milliseconds 20
        }
    }
}

Describe 'Fault matrix: what is retried, the outcome, and the attempts the emulator saw' {
    BeforeEach { Reset-SaeEmulator }

    It '<Label> x<Count>, MaxRetries <MaxRetries>: <Outcome> after <Attempts> attempt(s)' -TestCases @(
        @{ Label = 'status 500 OperationFailed.RPCError'; Fault = @{ Kind = 'status'; Status = 500; Code = 'OperationFailed.RPCError' }; Count = 2; MaxRetries = 3; Outcome = 'success'; Attempts = 3 }
        @{ Label = 'status 503 ServiceUnavailable'; Fault = @{ Kind = 'status'; Status = 503; Code = 'ServiceUnavailable' }; Count = 2; MaxRetries = 3; Outcome = 'success'; Attempts = 3 }
        @{ Label = 'status 400 Throttling.User'; Fault = @{ Kind = 'status'; Status = 400; Code = 'Throttling.User' }; Count = 1; MaxRetries = 3; Outcome = 'success'; Attempts = 2 }
        @{ Label = 'throttle retry-after 50 ms'; Fault = @{ Kind = 'throttle'; RetryAfterMs = 50 }; Count = 2; MaxRetries = 3; Outcome = 'success'; Attempts = 3 }
        @{ Label = 'drop'; Fault = @{ Kind = 'drop' }; Count = 1; MaxRetries = 3; Outcome = 'success'; Attempts = 2 }
        @{ Label = 'delay 4000 ms'; Fault = @{ Kind = 'delay'; DelayMs = 4000 }; Count = 1; MaxRetries = 3; Timeout = 1; Outcome = 'success'; Attempts = 2 }
        @{ Label = 'html'; Fault = @{ Kind = 'html' }; Count = 1; MaxRetries = 3; Outcome = 'success'; Attempts = 2 }
        @{ Label = 'xml'; Fault = @{ Kind = 'xml' }; Count = 1; MaxRetries = 3; Outcome = 'success'; Attempts = 2 }
        @{ Label = 'status 500 OperationFailed.RPCError'; Fault = @{ Kind = 'status'; Status = 500; Code = 'OperationFailed.RPCError' }; Count = -1; MaxRetries = 2; Outcome = 'OperationFailed.RPCError'; Attempts = 3 }
        @{ Label = 'throttle'; Fault = @{ Kind = 'throttle' }; Count = -1; MaxRetries = 0; Outcome = 'Throttling.User'; Attempts = 1 }
        @{ Label = 'drop'; Fault = @{ Kind = 'drop' }; Count = -1; MaxRetries = 1; Outcome = 'ConnectionFailed'; Attempts = 2 }
        @{ Label = 'delay 4000 ms'; Fault = @{ Kind = 'delay'; DelayMs = 4000 }; Count = -1; MaxRetries = 1; Timeout = 1; Outcome = 'RequestTimedOut'; Attempts = 2 }
        @{ Label = 'malformed'; Fault = @{ Kind = 'malformed' }; Count = 1; MaxRetries = 3; Outcome = 'InvalidResponse'; Attempts = 1 }
        @{ Label = 'empty'; Fault = @{ Kind = 'empty' }; Count = 1; MaxRetries = 3; Outcome = 'InvalidResponse'; Attempts = 1 }
        @{ Label = 'successFalse OperationFailed.RPCError'; Fault = @{ Kind = 'successFalse'; Code = 'OperationFailed.RPCError' }; Count = 1; MaxRetries = 3; Outcome = 'OperationFailed.RPCError'; Attempts = 1 }
        @{ Label = 'noData'; Fault = @{ Kind = 'noData' }; Count = 1; MaxRetries = 3; Outcome = 'ResponseMissingData'; Attempts = 1 }
        @{ Label = 'status 400 InvalidParameter.Obviously'; Fault = @{ Kind = 'status'; Status = 400; Code = 'InvalidParameter.Obviously' }; Count = 1; MaxRetries = 3; Outcome = 'InvalidParameter.Obviously'; Attempts = 1 }
        @{ Label = 'status 400 SignatureDoesNotMatch'; Fault = @{ Kind = 'status'; Status = 400; Code = 'SignatureDoesNotMatch' }; Count = 1; MaxRetries = 3; Outcome = 'SignatureDoesNotMatch'; Attempts = 1 }
    ) {
        $faultArgs = $Fault.Clone()
        Add-SaeEmulatorFault @faultArgs -NamespaceId 'cn-beijing:test' -SecretId 16 -Count $Count
        $call = @{ MaxRetries = $MaxRetries }
        if ($null -ne $Timeout) { $call.TimeoutSec = $Timeout }

        $errorId = $null
        $result = $null
        try {
            $result = Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'matrix' } @Connection @call
        }
        catch {
            $errorId = $_.FullyQualifiedErrorId.Split(',')[0]
        }

        if ($Outcome -eq 'success') {
            $errorId | Should -BeNullOrEmpty
            $result.Success | Should -BeTrue
            ConvertFrom-Base64Utf8 (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Data.k | Should -Be 'matrix'
        }
        else {
            $errorId | Should -Be $Outcome
        }
        Get-AttemptCount 'cn-beijing:test' 16 | Should -Be $Attempts
    }

    It 'signs every attempt afresh: a new date-stamped nonce and signature each time' {
        Add-SaeEmulatorFault -Kind status -Status 503 -Code ServiceUnavailable -Count 2
        Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } @Connection | Out-Null
        $attempts = @(Get-SaeEmulatorRequest | Where-Object Service -EQ 'sae')
        $attempts.Count | Should -Be 3
        @($attempts.Headers.'x-acs-signature-nonce' | Select-Object -Unique).Count | Should -Be 3
        @($attempts.Headers.authorization | Select-Object -Unique).Count | Should -Be 3
    }

    It 'says in Verbose which attempt it makes, after how long, and why' {
        Add-SaeEmulatorFault -Kind throttle -RetryAfterMs 120 -Count 1
        $verbose = Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } @Connection -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $verbose | Should -Contain 'UpdateSecret cn-beijing:test/16: attempt 2 of 4 after 120 ms (Throttling.User)'
    }
}

Describe 'Ctrl+C (StopProcessing) cancels at once' {
    BeforeEach { Reset-SaeEmulator }

    It 'cancels <What>' -TestCases @(
        @{ What = 'a request in flight'; Fault = @{ Kind = 'delay'; DelayMs = 60000 } }
        @{ What = 'a backoff wait'; Fault = @{ Kind = 'throttle'; RetryAfterMs = 60000 } }
    ) {
        $faultArgs = $Fault.Clone()
        Add-SaeEmulatorFault @faultArgs -Count 1
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $Url, $Credential)
                    Import-Module $ModulePath
                    Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } -Endpoint $Url -Credential $Credential -TimeoutSec 120
                }).AddArgument($env:SAESECRET_MODULE_PATH).AddArgument($EmulatorUrl).AddArgument($Credential)
            $async = $ps.BeginInvoke()
            Wait-Until { (Get-AttemptCount 'cn-beijing:test' 16) -ge 1 } -What 'the first attempt to reach the emulator'

            $stopwatch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $stopwatch.Stop()

            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 10 -Because 'the fault would hold the call for 60 s'
            Get-AttemptCount 'cn-beijing:test' 16 | Should -Be 1
            (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Version | Should -Be 0
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Concurrency' {
    BeforeEach { Reset-SaeEmulator }

    It '8 runspaces x 100 updates: zero errors and every final value correct' {
        $outcome = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:env:SAESECRET_MODULE_PATH
            $id = $_
            $errors = 0
            $results = 1..100 | ForEach-Object {
                [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = $id; SecretData = @{ value = "runspace-$id-update-$_" } }
            } | Update-SaeSecret -Endpoint $using:EmulatorUrl -Credential $using:Credential -ErrorVariable +failures -ErrorAction Continue
            [pscustomobject]@{ Id = $id; Results = @($results).Count; Errors = @($failures).Count }
        }

        $outcome.Count | Should -Be 8
        ($outcome | Measure-Object -Property Errors -Sum).Sum | Should -Be 0
        ($outcome | Measure-Object -Property Results -Sum).Sum | Should -Be 800
        foreach ($id in 1..8) {
            $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-hangzhou:prod' -SecretId $id
            $stored.Version | Should -Be 100
            ConvertFrom-Base64Utf8 $stored.Data.value | Should -Be "runspace-$id-update-100"
        }
        (Get-SaeEmulatorStats).SaeUpdatesApplied | Should -Be 800
    }
}
