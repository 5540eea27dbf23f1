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
        [hashtable] $Data = @{ k = 'dg==' }
    )
    Invoke-SaeEmulatorAdmin -Method PUT -Path secrets -Body @{ NamespaceId = $NamespaceId; SecretId = "$SecretId"; Type = $Type; Data = $Data } | Out-Null
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

Export-ModuleMember -Function *-SaeEmulator*
