# Starts the local SAE emulator (tests/SaeSecret.Emulator) and talks to its /_emulator admin API.
# Used by the Pester suite and by the demo; the emulator exits by itself when the process that started it ends.

$script:Emulator = $null

function Start-SaeEmulator {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][string] $EmulatorDll,
        # Where UpdateSecret reads SecretData, also after every reset: Either (default), Query or Body.
        [ValidateSet('Either', 'Query', 'Body')][string] $SecretDataLocation = 'Either'
    )
    if (-not (Test-Path $EmulatorDll)) { throw "The emulator is not built: $EmulatorDll" }
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @('exec', $EmulatorDll, '--port', '0', '--parent-pid', "$PID", '--secretdata-location', $SecretDataLocation)) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $readLine = $process.StandardOutput.ReadLineAsync()
    if (-not $readLine.Wait([TimeSpan]::FromSeconds(60))) {
        $process.Kill()
        throw 'The SAE emulator did not report its URL within 60 s.'
    }
    $line = $readLine.Result
    if ($line -notmatch 'listening on (?<url>http://\S+)') {
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
function Add-SaeEmulatorActionFault {
    param(
        [Parameter(Mandatory)][ValidateSet('UpdateSecret', 'DescribeSecret', 'CreateSecret', 'DeleteSecret', 'ListSecrets', 'DescribeNamespaceList')][string] $Action,
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

Export-ModuleMember -Function *-SaeEmulator*
