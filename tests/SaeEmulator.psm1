# Starts the local SAE emulator (tests/SaeSecret.Emulator) and talks to its /_emulator admin API.
# Used by the Pester suite and by the demo; the emulator exits by itself when the process that started it ends.

$script:Emulator = $null

function Start-SaeEmulator {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][string] $EmulatorDll,
        # Where UpdateSecret reads SecretData, also after every reset: Either (default), Query or Body.
        [ValidateSet('Either', 'Query', 'Body')][string] $SecretDataLocation = 'Either',
        # Serve https with a fresh self-signed certificate, whose PEM goes to this path (to trust it: SSL_CERT_FILE).
        [string] $TlsCertificateOut
    )
    if (-not (Test-Path $EmulatorDll)) { throw "The emulator is not built: $EmulatorDll" }
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @('exec', $EmulatorDll, '--port', '0', '--parent-pid', "$PID", '--secretdata-location', $SecretDataLocation)) { $psi.ArgumentList.Add($a) }
    if ($TlsCertificateOut) { $psi.ArgumentList.Add('--tls-certificate-out'); $psi.ArgumentList.Add($TlsCertificateOut) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $readLine = $process.StandardOutput.ReadLineAsync()
    if (-not $readLine.Wait([TimeSpan]::FromSeconds(60))) {
        $process.Kill()
        throw 'The SAE emulator did not report its URL within 60 s.'
    }
    $line = $readLine.Result
    if ($line -notmatch 'listening on (?<url>https?://\S+)') {
        $process.Kill()
        throw "The SAE emulator did not start: '$line'"
    }
    $script:Emulator = [pscustomobject]@{ Process = $process; Url = $Matches.url.TrimEnd('/') }
    $env:SAE_EMULATOR_URL = $script:Emulator.Url
    return $script:Emulator
}

function Stop-SaeEmulator {
    if ($script:Emulator -and -not $script:Emulator.Process.HasExited) {
        $script:Emulator.Process.Kill()
        $script:Emulator.Process.WaitForExit(10000) | Out-Null
    }
    $script:Emulator = $null
}

function Get-SaeEmulatorUrl {
    if ($env:SAE_EMULATOR_URL) { return $env:SAE_EMULATOR_URL }
    throw 'SAE_EMULATOR_URL is not set: start the emulator with Start-SaeEmulator.'
}

function Invoke-SaeEmulatorAdmin {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][ValidateSet('GET', 'POST', 'PUT', 'DELETE')][string] $Method,
        [Parameter(Mandatory)][string] $Path,
        [object] $Body
    )
    $params = @{ Method = $Method; Uri = (Get-SaeEmulatorUrl) + '/_emulator/' + $Path.TrimStart('/') }
    if ($null -ne $Body) {
        $params.Body = ($Body | ConvertTo-Json -Depth 10 -Compress)
        $params.ContentType = 'application/json'
    }
    # The test harness reading back what it stored is not module output: keep it out of Verbose/Debug and transcripts.
    Invoke-RestMethod @params -Verbose:$false -Debug:$false
}

function Reset-SaeEmulator { Invoke-SaeEmulatorAdmin -Method POST -Path reset | Out-Null }

function Get-SaeEmulatorSecret {
    param([Parameter(Mandatory)][string] $NamespaceId, [Parameter(Mandatory)][long] $SecretId)
    Invoke-SaeEmulatorAdmin -Method GET -Path ("secrets?NamespaceId={0}&SecretId={1}" -f [uri]::EscapeDataString($NamespaceId), $SecretId)
}

function Set-SaeEmulatorSecret {
    param(
        [Parameter(Mandatory)][string] $NamespaceId,
        [Parameter(Mandatory)][long] $SecretId,
        [string] $Type = 'Opaque',
        [hashtable] $Data = @{ k = 'dg==' },
        # Optional; when left out, the secret being replaced keeps its name, apps and jobs (a new one: secret-<id>, none, none).
        [string] $Name,
        # @{ AppId = '...'; AppName = '...' } objects; @() clears.
        [object[]] $RelateApps,
        # @{ JobId = '...'; JobName = '...' } objects; @() clears.
        [object[]] $Jobs
    )
    $body = @{ NamespaceId = $NamespaceId; SecretId = "$SecretId"; Type = $Type; Data = $Data }
    if ($PSBoundParameters.ContainsKey('Name')) { $body.Name = $Name }
    if ($PSBoundParameters.ContainsKey('RelateApps')) { $body.RelateApps = @($RelateApps | ForEach-Object { @{ AppId = $_.AppId; AppName = $_.AppName } }) }
    if ($PSBoundParameters.ContainsKey('Jobs')) { $body.Jobs = @($Jobs | ForEach-Object { @{ JobId = $_.JobId; JobName = $_.JobName } }) }
    Invoke-SaeEmulatorAdmin -Method PUT -Path secrets -Body $body | Out-Null
}

# One object per logged request (Invoke-RestMethod hands a JSON array over as a single object).
function Get-SaeEmulatorRequest { Invoke-SaeEmulatorAdmin -Method GET -Path requests | ForEach-Object { $_ } }

function Get-SaeEmulatorStats { Invoke-SaeEmulatorAdmin -Method GET -Path stats }

function Add-SaeEmulatorFault {
    param(
        [Parameter(Mandatory)][string] $Kind,
        [string] $NamespaceId, [long] $SecretId, [int] $Count = 1, [int] $Status, [string] $Code,
        [int] $RetryAfterMs, [int] $DelayMs
    )
    $body = @{ Kind = $Kind; Count = $Count }
    foreach ($name in 'NamespaceId', 'SecretId', 'Status', 'Code', 'RetryAfterMs', 'DelayMs') {
        if ($PSBoundParameters.ContainsKey($name)) { $body[$name] = $PSBoundParameters[$name] }
    }
    Invoke-SaeEmulatorAdmin -Method POST -Path faults -Body $body | Out-Null
}

# Every secret the emulator holds in one namespace, as Get-SaeEmulatorSecret shows them (values included), by id.
function Get-SaeEmulatorSecretList {
    param([Parameter(Mandatory)][string] $NamespaceId)
    Invoke-SaeEmulatorAdmin -Method GET -Path ("secrets?NamespaceId={0}" -f [uri]::EscapeDataString($NamespaceId)) | ForEach-Object { $_ }
}

# Removes a secret behind the module's back, whatever apps or jobs use it (DeleteSecret would refuse).
function Remove-SaeEmulatorSecret {
    param([Parameter(Mandatory)][string] $NamespaceId, [Parameter(Mandatory)][long] $SecretId)
    Invoke-SaeEmulatorAdmin -Method DELETE -Path ("secrets?NamespaceId={0}&SecretId={1}" -f [uri]::EscapeDataString($NamespaceId), $SecretId) | Out-Null
}

# The application now uses the secret: it shows in RelateApps and DeleteSecret answers DependencyViolation.Application.
function Add-SaeEmulatorSecretApp {
    param(
        [Parameter(Mandatory)][string] $NamespaceId, [Parameter(Mandatory)][long] $SecretId,
        [Parameter(Mandatory)][string] $AppId, [Parameter(Mandatory)][string] $AppName
    )
    Invoke-SaeEmulatorAdmin -Method POST -Path secrets/apps -Body @{ NamespaceId = $NamespaceId; SecretId = "$SecretId"; AppId = $AppId; AppName = $AppName } | Out-Null
}

# Detaches the application with -AppId, or every application when -AppId is left out.
function Remove-SaeEmulatorSecretApp {
    param([Parameter(Mandatory)][string] $NamespaceId, [Parameter(Mandatory)][long] $SecretId, [string] $AppId)
    $path = "secrets/apps?NamespaceId={0}&SecretId={1}" -f [uri]::EscapeDataString($NamespaceId), $SecretId
    if ($AppId) { $path += '&AppId=' + [uri]::EscapeDataString($AppId) }
    Invoke-SaeEmulatorAdmin -Method DELETE -Path $path | Out-Null
}

# The job now uses the secret: DeleteSecret answers DependencyViolation.Job (once no application uses it).
function Add-SaeEmulatorSecretJob {
    param(
        [Parameter(Mandatory)][string] $NamespaceId, [Parameter(Mandatory)][long] $SecretId,
        [Parameter(Mandatory)][string] $JobId, [Parameter(Mandatory)][string] $JobName
    )
    Invoke-SaeEmulatorAdmin -Method POST -Path secrets/jobs -Body @{ NamespaceId = $NamespaceId; SecretId = "$SecretId"; JobId = $JobId; JobName = $JobName } | Out-Null
}

# Detaches the job with -JobId, or every job when -JobId is left out.
function Remove-SaeEmulatorSecretJob {
    param([Parameter(Mandatory)][string] $NamespaceId, [Parameter(Mandatory)][long] $SecretId, [string] $JobId)
    $path = "secrets/jobs?NamespaceId={0}&SecretId={1}" -f [uri]::EscapeDataString($NamespaceId), $SecretId
    if ($JobId) { $path += '&JobId=' + [uri]::EscapeDataString($JobId) }
    Invoke-SaeEmulatorAdmin -Method DELETE -Path $path | Out-Null
}

# Registers (or replaces) a namespace; what is left out is derived from the id (region before ':', short id after it).
function Set-SaeEmulatorNamespace {
    param(
        [Parameter(Mandatory)][string] $NamespaceId,
        [string] $NamespaceName, [string] $RegionId, [string] $NameSpaceShortId,
        [string] $VpcId, [string] $VSwitchId, [string] $SecurityGroupId, [bool] $Custom
    )
    $body = @{ NamespaceId = $NamespaceId }
    foreach ($name in 'NamespaceName', 'RegionId', 'NameSpaceShortId', 'VpcId', 'VSwitchId', 'SecurityGroupId', 'Custom') {
        if ($PSBoundParameters.ContainsKey($name)) { $body[$name] = $PSBoundParameters[$name] }
    }
    Invoke-SaeEmulatorAdmin -Method PUT -Path namespaces -Body $body | Out-Null
}

# Every namespace the emulator knows (registered, or holding a secret), one object each.
function Get-SaeEmulatorNamespace { Invoke-SaeEmulatorAdmin -Method GET -Path namespaces | ForEach-Object { $_ } }

# Turns the emulator's knobs; only the parameters given change. Reset-SaeEmulator restores the defaults.
function Set-SaeEmulatorConfig {
    param(
        [ValidateRange(0, [int]::MaxValue)][int] $SecretQuotaPerNamespace,
        [ValidateRange(1, [int]::MaxValue)][int] $SecretDataKeyQuota,
        [ValidateSet('Either', 'Query', 'Body')][string] $SecretDataLocation
    )
    $body = @{}
    foreach ($name in 'SecretQuotaPerNamespace', 'SecretDataKeyQuota', 'SecretDataLocation') {
        if ($PSBoundParameters.ContainsKey($name)) { $body[$name] = $PSBoundParameters[$name] }
    }
    Invoke-SaeEmulatorAdmin -Method PUT -Path config -Body $body | Out-Null
}

# Like Add-SaeEmulatorFault, but the fault hits only calls of one SAE API (e.g. the UpdateSecret after a DescribeSecret).
# A fault with -NamespaceId or -SecretId never hits RestartApplication or DescribeChangeOrder (they carry neither).
function Add-SaeEmulatorActionFault {
    param(
        [Parameter(Mandatory)][ValidateSet('UpdateSecret', 'DescribeSecret', 'CreateSecret', 'DeleteSecret', 'ListSecrets', 'DescribeNamespaceList',
            'RestartApplication', 'DescribeChangeOrder')][string] $Action,
        [Parameter(Mandatory)][string] $Kind,
        [string] $NamespaceId, [long] $SecretId, [int] $Count = 1, [int] $Status, [string] $Code,
        [int] $RetryAfterMs, [int] $DelayMs
    )
    $body = @{ Action = $Action; Kind = $Kind; Count = $Count }
    foreach ($name in 'NamespaceId', 'SecretId', 'Status', 'Code', 'RetryAfterMs', 'DelayMs') {
        if ($PSBoundParameters.ContainsKey($name)) { $body[$name] = $PSBoundParameters[$name] }
    }
    Invoke-SaeEmulatorAdmin -Method POST -Path faults -Body $body | Out-Null
}

# How many requests the emulator routed to one action (whatever the answer), optionally only those naming one resource:
# -Action is the stats key, '<Service><Action>' (SaeRestartApplication, SaeDescribeChangeOrder, StsGetCallerIdentity,
# SaeUpdateSecret ...); -Target an AppId for SaeRestartApplication, a ChangeOrderId for SaeDescribeChangeOrder.
# -Applied counts only the requests that changed state instead (secrets written, change orders started, polls answered).
function Get-SaeEmulatorActionCount {
    param([Parameter(Mandatory)][string] $Action, [string] $Target, [switch] $Applied)
    $counter = (Get-SaeEmulatorStats).Actions.PSObject.Properties | Where-Object Name -CEQ $Action | Select-Object -First 1
    if (-not $counter) { return [long]0 }
    if ($Applied) { return [long]$counter.Value.Applied }
    if (-not $PSBoundParameters.ContainsKey('Target')) { return [long]$counter.Value.Requests }
    $hit = @($counter.Value.Targets) | Where-Object { $_.Target -ceq $Target } | Select-Object -First 1
    if ($hit) { [long]$hit.Requests } else { [long]0 }
}

# RestartApplication calls naming this AppId, whatever the answer (refusals, faults and signature failures included).
function Get-SaeEmulatorRestartCount {
    param([Parameter(Mandatory)][string] $AppId)
    Get-SaeEmulatorActionCount -Action SaeRestartApplication -Target $AppId
}

# DescribeChangeOrder calls naming this ChangeOrderId, whatever the answer. Only answered ones move the order on
# (its Polls in Get-SaeEmulatorChangeOrder).
function Get-SaeEmulatorChangeOrderPollCount {
    param([Parameter(Mandatory)][string] $ChangeOrderId)
    Get-SaeEmulatorActionCount -Action SaeDescribeChangeOrder -Target $ChangeOrderId
}

# Registers (or replaces) an application RestartApplication knows. Known already: the seeded web-frontend
# (a1b2c3d4-0000-4000-8000-000000000001) and order-worker (...0002) in cn-beijing:test, and every app a secret names
# in RelateApps (in that secret's namespace).
function Set-SaeEmulatorApp {
    param([Parameter(Mandatory)][string] $AppId, [Parameter(Mandatory)][string] $AppName, [Parameter(Mandatory)][string] $NamespaceId)
    Invoke-SaeEmulatorAdmin -Method PUT -Path apps -Body @{ AppId = $AppId; AppName = $AppName; NamespaceId = $NamespaceId } | Out-Null
}

# Every application the emulator knows (AppId, AppName, NamespaceId, RegionId, Registered: false when only a secret
# names it), one object each; -AppId: just that one.
function Get-SaeEmulatorApp {
    param([string] $AppId)
    Invoke-SaeEmulatorAdmin -Method GET -Path apps | ForEach-Object { $_ } | Where-Object { -not $AppId -or $_.AppId -ceq $AppId }
}

# How the change orders of one app (-AppId), or of every app without its own course (no -AppId), go from now on; a
# change order keeps the course it was created with. Progress counts answered DescribeChangeOrder polls, never time:
#   SucceedAfter        the -Polls-th poll answers Status 2 (before it: 1 running, batch by batch; the first of 3+ polls: 0)
#   FailAfter           the -Polls-th poll answers -FailStatus (3 failed, 6 terminated, 10 system failure) and ErrorMessage -Message
#   NeedsRollback       from the -Polls-th poll on: Status 1, SubStatus 1, the batch failed (pipeline 3), ErrorMessage; never ends
#   WaitForConfirmation from the -Polls-th poll on: Status 8, the next batch waiting (needs -Batches >= 2); never ends
#   NeverEnd            runs through the batches over -Polls polls, then stays Status 1 on the last batch
#   ChangeOrderRunning, InvalidStatus, NotDeployYet, NoComputeResourceQuota: RestartApplication answers 400
#     Application.ChangerOrderRunning / Application.InvalidStatus / Application.NotDeployYet / NoComputeResourceQuota.Exceed
# Defaults: -Polls 1, -Batches 2 (BatchCount and pipelines), -FailStatus 3. Reset-SaeEmulator restores SucceedAfter 1 for all.
# Besides the courses, an app whose last change order has not ended refuses a new restart with Application.ChangerOrderRunning.
function Set-SaeEmulatorChangeOrderCourse {
    param(
        [string] $AppId,
        [Parameter(Mandatory)][ValidateSet('SucceedAfter', 'FailAfter', 'NeedsRollback', 'WaitForConfirmation', 'NeverEnd',
            'ChangeOrderRunning', 'InvalidStatus', 'NotDeployYet', 'NoComputeResourceQuota')][string] $Course,
        [ValidateRange(1, [int]::MaxValue)][int] $Polls,
        [ValidateRange(1, 50)][int] $Batches,
        [string] $Message,
        [ValidateSet(3, 6, 10)][int] $FailStatus
    )
    $body = @{ Course = $Course }
    foreach ($name in 'AppId', 'Polls', 'Batches', 'Message', 'FailStatus') {
        if ($PSBoundParameters.ContainsKey($name)) { $body[$name] = $PSBoundParameters[$name] }
    }
    Invoke-SaeEmulatorAdmin -Method PUT -Path courses -Body $body | Out-Null
}

# The courses set: .Default and .Apps (one object per app with its own), each { AppId, Course, Polls, Batches, Message, FailStatus }.
function Get-SaeEmulatorChangeOrderCourse { Invoke-SaeEmulatorAdmin -Method GET -Path courses }

# Drops one app's own course (-AppId), or every app's and resets the default (no -AppId).
function Clear-SaeEmulatorChangeOrderCourse {
    param([string] $AppId)
    $path = 'courses'
    if ($AppId) { $path += '?AppId=' + [uri]::EscapeDataString($AppId) }
    Invoke-SaeEmulatorAdmin -Method DELETE -Path $path | Out-Null
}

# The change orders RestartApplication created, oldest first, as of their last answered poll (reading them polls
# nothing): DescribeChangeOrder's Data plus NamespaceId, RegionId, Polls, Ended, Course and the restart's
# MinReadyInstances, MinReadyInstanceRatio, AutoEnableApplicationScalingRule (null when not sent).
function Get-SaeEmulatorChangeOrder {
    param([string] $AppId, [string] $ChangeOrderId)
    $query = @()
    if ($AppId) { $query += 'AppId=' + [uri]::EscapeDataString($AppId) }
    if ($ChangeOrderId) { $query += 'ChangeOrderId=' + [uri]::EscapeDataString($ChangeOrderId) }
    $path = 'changeorders' + $(if ($query) { '?' + ($query -join '&') } else { '' })
    Invoke-SaeEmulatorAdmin -Method GET -Path $path | ForEach-Object { $_ }
}

# Adds a long-term key or changes one, and returns it as Get-SaeEmulatorAccessKey does. -AccessKeySecret is needed
# for a new key; without it an existing key keeps its secret. -Denied: SAE answers Forbidden.RAM. -IdentityType
# Account makes it the account's root key for GetCallerIdentity; RAMUser (with -UserName, -UserId) a RAM user.
# Seeded: EmulatorKeyId (RAMUser emulator-user, 2000000000000001) and DeniedKeyId (denied-user, 2000000000000002),
# account 1234567890123456.
function Set-SaeEmulatorAccessKey {
    param(
        [Parameter(Mandatory)][string] $AccessKeyId,
        [string] $AccessKeySecret,
        [bool] $Denied,
        [ValidateSet('Account', 'RAMUser')][string] $IdentityType,
        [string] $UserName,
        [string] $UserId
    )
    $body = @{ AccessKeyId = $AccessKeyId }
    foreach ($name in 'AccessKeySecret', 'Denied', 'IdentityType', 'UserName', 'UserId') {
        if ($PSBoundParameters.ContainsKey($name)) { $body[$name] = $PSBoundParameters[$name] }
    }
    Invoke-SaeEmulatorAdmin -Method PUT -Path keys -Body $body
}

# Keys the emulator accepts (all, or -AccessKeyId), never with a secret or token: AccessKeyId, Denied, Temporary,
# Expiration, Identity { IdentityType, AccountId, PrincipalId, Arn, UserId, RoleId } as GetCallerIdentity answers.
function Get-SaeEmulatorAccessKey {
    param([string] $AccessKeyId)
    $path = 'keys' + $(if ($AccessKeyId) { '?AccessKeyId=' + [uri]::EscapeDataString($AccessKeyId) } else { '' })
    Invoke-SaeEmulatorAdmin -Method GET -Path $path | ForEach-Object { $_ }
}

Export-ModuleMember -Function *-SaeEmulator*
