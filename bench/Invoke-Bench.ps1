<#
.SYNOPSIS
    The measurements of build.ps1 -Task Bench: import cost, per-record overhead, signing, memory, credential fetches
    and connections, each against its target; prints a table and writes out/bench/results.md and results.json.
    Comparisons are measured side by side in the same run and reported as the median of the per-run ratios.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $MinimalModulePath,
    [Parameter(Mandatory)][string] $EmulatorDll,
    [Parameter(Mandatory)][string] $BenchDll,
    [Parameter(Mandatory)][string] $OutDir,
    [int] $ImportRuns = 41,
    # Fresh processes per per-record comparison: 7 (with 5, single runs' ratios spread by up to 0.25 on 2 cores).
    [int] $PipelineRuns = 7,
    # Untimed rounds of 2,000 records before the timed ones, in every process of the per-record comparisons.
    [int] $WarmupRounds = 10,
    # Timed rounds of 2,000 records per process; a process reports its mean per round. A multiple of the order's cycle
    # (n rounds for an even number n of measures, 2n for an odd one): 4 with the 4 measures of each kind.
    [int] $TimedRounds = 12
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/SaeEmulator.psm1') -Force
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
$pwshDll = Join-Path $PSHOME 'pwsh.dll'
$keyId = 'EmulatorKeyId'
$keySecret = 'EmulatorKeySecret-0123456789'

# Each run's ratio A[i] / B[i]: the two measures of a ratio ran side by side in that run.
function Get-RunRatios([double[]] $A, [double[]] $B) { for ($i = 0; $i -lt $A.Count; $i++) { $A[$i] / $B[$i] } }
# The median of the per-run ratios.
function Get-PairedRatio([double[]] $A, [double[]] $B) { Get-Median @(Get-RunRatios $A $B) }
# "0.98-1.22": the lowest and highest per-run ratio.
function Get-RatioRange([double[]] $A, [double[]] $B) {
    $ratios = @(Get-RunRatios $A $B | Sort-Object)
    '{0:F2}-{1:F2}' -f $ratios[0], $ratios[-1]
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $n = $sorted.Count
    if ($n % 2) { return $sorted[[int][math]::Floor($n / 2)] }
    return ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

# Runs a script in a fresh pwsh -NoProfile process and returns its last output line.
function Invoke-FreshPwsh([string] $Script, [hashtable] $Environment = @{}) {
    $saved = @{}
    foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
    try {
        $out = & dotnet $pwshDll -NoProfile -NonInteractive -Command $Script
        if ($LASTEXITCODE -ne 0) { throw "A benchmark process failed (exit code $LASTEXITCODE): $($out -join ' ')" }
        return ($out | Select-Object -Last 1)
    }
    finally {
        foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
    }
}

# Admin calls over one kept-alive connection, so they do not disturb the connection counts.
$admin = [System.Net.Http.HttpClient]::new()
function Invoke-Admin([string] $Method, [string] $Path, [string] $Json) {
    $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::new($Method), "$($emulator.Url)/_emulator/$Path")
    if ($Json) { $request.Content = [System.Net.Http.StringContent]::new($Json, [Text.Encoding]::UTF8, 'application/json') }
    $response = $admin.SendAsync($request).GetAwaiter().GetResult()
    $body = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
    if (-not $response.IsSuccessStatusCode) { throw "Emulator admin $Method $Path failed: $($response.StatusCode)" }
    if ($body) { return $body | ConvertFrom-Json }
}

$emulator = Start-SaeEmulator -EmulatorDll $EmulatorDll
$raw = [ordered]@{}
try {
    # --- import cost -----------------------------------------------------------------------------------------
    $empty = Join-Path $OutDir 'EmptyScriptModule'
    New-Item -ItemType Directory -Force -Path $empty | Out-Null
    Set-Content -Path (Join-Path $empty 'EmptyScriptModule.psm1') -Value '# pays PowerShell''s own first-import cost'
    $importScript = {
        param($Empty, $Module)
        "Import-Module '$Empty'; `$sw = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$Module'; `$sw.Stop(); `$sw.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)"
    }
    $moduleTimes = @(); $floorTimes = @()
    for ($i = 0; $i -lt $ImportRuns; $i++) {
        # Alternate the order so drift on a shared machine hits both alike.
        $pair = if ($i % 2) { @('floor', 'module') } else { @('module', 'floor') }
        foreach ($which in $pair) {
            $path = if ($which -eq 'module') { $ModulePath } else { $MinimalModulePath }
            $ms = [double](Invoke-FreshPwsh (& $importScript (Join-Path $empty 'EmptyScriptModule.psm1') $path))
            if ($which -eq 'module') { $moduleTimes += $ms } else { $floorTimes += $ms }
        }
    }
    $raw.ImportModuleMs = $moduleTimes; $raw.ImportFloorMs = $floorTimes
    $importModule = Get-Median $moduleTimes; $importFloor = Get-Median $floorTimes
    $importRatio = Get-PairedRatio $moduleTimes $floorTimes
    Write-Host ("import: module {0:F1} ms, floor {1:F1} ms" -f $importModule, $importFloor)

    # --- per-record overhead and reads ----------------------------------------------------------------------
    # Each fresh pwsh imports the module and loads the C# loops (Loops.cs in the bench assembly) beside it, runs
    # $WarmupRounds untimed rounds of 2,000 records of every measure, then $TimedRounds timed rounds, the measures
    # taking turns within each round (in a balanced order that changes from round to round), so a cmdlet and its C# loop run
    # seconds apart with the same JIT state, connection and machine load. It prints each measure's mean ms per round,
    # wall-clock and the process's CPU time (all its threads; the emulator runs in its own process).
    # (A fresh pwsh is still compiling PowerShell's binder after 4 rounds: round 5 ran ~40% slower than round 10 in a
    # probe on 2 cores; and rounds in separate processes minutes apart varied by up to 50% on this shared machine.)
    $roundsScript = {
        param([string] $Kind)
        @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
Add-Type -Path '$BenchDll'
`$cred = [pscredential]::new('$keyId', (ConvertTo-SecureString '$keySecret' -AsPlainText -Force))
`$url = '$($emulator.Url)'
`$sync = [SaeSecret.Bench.Loops]::new(`$url, '$keyId', '$keySecret', `$true)
`$async = [SaeSecret.Bench.Loops]::new(`$url, '$keyId', '$keySecret', `$false)
if ('$Kind' -eq 'write') {
    Import-Module -Assembly ([SaeSecret.Bench.Loops].Assembly)
    `$update = foreach (`$i in 1..2000) { [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 1 + (`$i % 20); SecretData = @{ value = "record-`$i" } } }
    `$measures = [ordered]@{
        UpdateSaeSecret = { `$null = `$update | Update-SaeSecret -Endpoint `$url -Credential `$cred }
        # The control (MinimalCmdlet.cs): Update-SaeSecret's pipeline parameters bound, the same-transport loop's record sent.
        Minimal = { `$null = `$update | Invoke-BenchMinimal -Loop `$sync }
        SyncLoop = { `$sync.Update(2000) }
        AsyncLoop = { `$async.Update(2000) }
    }
}
else {
    `$describe = foreach (`$i in 1..2000) { [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 1 + (`$i % 20) } }
    `$apply = foreach (`$i in 1..2000) { [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretName = "prod-secret-`$(1 + (`$i % 20))"; SecretData = @{ k = 'v' } } }
    `$measures = [ordered]@{
        GetSaeSecret = { `$null = `$describe | Get-SaeSecret -Endpoint `$url -Credential `$cred }
        SetSaeSecret = {
            `$out = `$apply | Set-SaeSecret -Endpoint `$url -Credential `$cred
            if (`$timing -and (@(`$out).Count -ne 2000 -or @(`$out | Where-Object Action -NE 'Unchanged').Count)) { throw 'Set-SaeSecret wrote, or did not answer every record' }
        }
        SyncLoop = { `$sync.Describe(2000) }
        AsyncLoop = { `$async.Describe(2000) }
    }
}
`$names = @(`$measures.Keys)
# The turns' order is a balanced Latin square (Williams design): over one cycle every measure takes every place once and
# directly follows every other measure equally often (a plain rotation never puts two measures side by side when there
# are 4 of them). Row 0 is 0, 1, n-1, 2, n-2, ...; row r adds r to each; an odd n needs the rows reversed as well.
`$n = `$names.Count
`$first = @(for (`$j = 0; `$j -lt `$n; `$j++) { if (`$j -eq 0) { 0 } elseif (`$j % 2) { (`$j + 1) / 2 } else { `$n - `$j / 2 } })
`$cycle = if (`$n % 2) { 2 * `$n } else { `$n }
`$process = [Diagnostics.Process]::GetCurrentProcess()
`$total = @{}; foreach (`$name in `$names) { `$total[`$name] = 0.0; `$total[`$name + 'Cpu'] = 0.0 }
foreach (`$round in 1..($WarmupRounds + $TimedRounds)) {
    `$timing = `$round -gt $WarmupRounds
    `$row = `$round % `$cycle
    `$order = @(foreach (`$f in `$first) { `$names[(`$f + `$row) % `$n] })
    if (`$row -ge `$n) { [array]::Reverse(`$order) }
    foreach (`$name in `$order) {
        # The garbage of the previous measure is collected before the next starts.
        [GC]::Collect(); [GC]::WaitForPendingFinalizers()
        `$process.Refresh(); `$cpu = `$process.TotalProcessorTime.TotalMilliseconds
        `$sw = [Diagnostics.Stopwatch]::StartNew()
        `$null = . `$measures[`$name]
        `$sw.Stop()
        `$process.Refresh()
        if (`$timing) { `$total[`$name] += `$sw.Elapsed.TotalMilliseconds; `$total[`$name + 'Cpu'] += `$process.TotalProcessorTime.TotalMilliseconds - `$cpu }
    }
}
`$mean = [ordered]@{}; foreach (`$name in `$names) { `$mean[`$name] = `$total[`$name] / $TimedRounds; `$mean[`$name + 'Cpu'] = `$total[`$name + 'Cpu'] / $TimedRounds }
[pscustomobject]`$mean | ConvertTo-Json -Compress
"@
    }
    # One fresh process per run; returns measure -> the list of its per-run means.
    function Measure-Runs([string] $Kind) {
        $runs = for ($i = 0; $i -lt $PipelineRuns; $i++) {
            Invoke-Admin POST reset | Out-Null
            Invoke-FreshPwsh (& $roundsScript $Kind) | ConvertFrom-Json
        }
        $times = [ordered]@{}
        foreach ($name in $runs[0].PSObject.Properties.Name) { $times[$name] = [double[]]@($runs.$name) }
        return $times
    }
    $writes = Measure-Runs 'write'
    $raw.Update2000Ms = $writes.UpdateSaeSecret; $raw.UpdateSyncLoop2000Ms = $writes.SyncLoop; $raw.UpdateAsyncLoop2000Ms = $writes.AsyncLoop
    $raw.Update2000CpuMs = $writes.UpdateSaeSecretCpu; $raw.UpdateSyncLoop2000CpuMs = $writes.SyncLoopCpu; $raw.UpdateAsyncLoop2000CpuMs = $writes.AsyncLoopCpu
    $raw.UpdateMinimalCmdlet2000Ms = $writes.Minimal; $raw.UpdateMinimalCmdlet2000CpuMs = $writes.MinimalCpu
    $minimalMs = Get-Median $writes.Minimal
    $minimalSyncRatio = Get-PairedRatio $writes.Minimal $writes.SyncLoop; $pipelineMinimalRatio = Get-PairedRatio $writes.UpdateSaeSecret $writes.Minimal
    $pipelineMs = Get-Median $writes.UpdateSaeSecret; $syncLoopMs = Get-Median $writes.SyncLoop; $loopMs = Get-Median $writes.AsyncLoop
    $pipelineSyncRatio = Get-PairedRatio $writes.UpdateSaeSecret $writes.SyncLoop; $pipelineRatio = Get-PairedRatio $writes.UpdateSaeSecret $writes.AsyncLoop
    Write-Host ("2,000 updates: Update-SaeSecret {0:F0} ms, minimal cmdlet {1:F0} ms, C# loop {2:F0} ms (same transport), {3:F0} ms (async)" -f $pipelineMs, $minimalMs, $syncLoopMs, $loopMs)

    $reads = Measure-Runs 'read'
    $raw.GetSaeSecret2000Ms = $reads.GetSaeSecret; $raw.SetUnchanged2000Ms = $reads.SetSaeSecret
    $raw.DescribeSyncLoop2000Ms = $reads.SyncLoop; $raw.DescribeAsyncLoop2000Ms = $reads.AsyncLoop
    $raw.GetSaeSecret2000CpuMs = $reads.GetSaeSecretCpu; $raw.SetUnchanged2000CpuMs = $reads.SetSaeSecretCpu
    $raw.DescribeSyncLoop2000CpuMs = $reads.SyncLoopCpu; $raw.DescribeAsyncLoop2000CpuMs = $reads.AsyncLoopCpu
    $describeMs = Get-Median $reads.GetSaeSecret; $setMs = Get-Median $reads.SetSaeSecret
    $describeSyncLoopMs = Get-Median $reads.SyncLoop; $describeLoopMs = Get-Median $reads.AsyncLoop
    $getRatio = Get-PairedRatio $reads.GetSaeSecret $reads.AsyncLoop; $setRatio = Get-PairedRatio $reads.SetSaeSecret $reads.AsyncLoop
    $getSyncRatio = Get-PairedRatio $reads.GetSaeSecret $reads.SyncLoop; $setSyncRatio = Get-PairedRatio $reads.SetSaeSecret $reads.SyncLoop
    Write-Host ("2,000 reads: Get-SaeSecret {0:F0} ms, Set-SaeSecret (Unchanged) {1:F0} ms, C# DescribeSecret loop {2:F0} ms (same transport), {3:F0} ms (async)" -f $describeMs, $setMs, $describeSyncLoopMs, $describeLoopMs)

    # --- a decompression bomb: 1 GiB of zeros gzip-compressed, answered to Update-SaeSecret ------------------
    $bombScript = @"
Import-Module '$ModulePath'
`$cred = [pscredential]::new('$keyId', (ConvertTo-SecureString '$keySecret' -AsPlainText -Force))
try { Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } -Endpoint '$($emulator.Url)' -Credential `$cred -ErrorAction Stop | Out-Null; `$id = 'none' } catch { `$id = `$_.FullyQualifiedErrorId.Split(',')[0] }
"`$id `$([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64)"
"@
    Invoke-Admin POST reset | Out-Null
    Invoke-Admin POST faults '{"Kind":"inflate","Count":-1}' | Out-Null
    $bombId, $bombPeak = (Invoke-FreshPwsh $bombScript) -split ' '
    $bombPeakMb = [double]$bombPeak / 1MB
    $raw.InflateErrorId = $bombId; $raw.InflatePeakWorkingSet = [double]$bombPeak
    Write-Host ("decompression bomb: {0}, peak working set {1:F0} MB" -f $bombId, $bombPeakMb)

    # --- memory --------------------------------------------------------------------------------------------
    $memoryScript = {
        param($Count)
        @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
`$cred = [pscredential]::new('$keyId', (ConvertTo-SecureString '$keySecret' -AsPlainText -Force))
1..$Count | ForEach-Object { [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 1 + (`$_ % 20); SecretData = @{ value = "record-`$_" } } } |
    Update-SaeSecret -Endpoint '$($emulator.Url)' -Credential `$cred | Out-Null
[GC]::Collect()
[Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
"@
    }
    $peak1k = @(); $peak20k = @()
    for ($i = 0; $i -lt 3; $i++) {
        Invoke-Admin POST reset | Out-Null
        $peak1k += [double](Invoke-FreshPwsh (& $memoryScript 1000))
        Invoke-Admin POST reset | Out-Null
        $peak20k += [double](Invoke-FreshPwsh (& $memoryScript 20000))
    }
    $raw.PeakWorkingSet1000 = $peak1k; $raw.PeakWorkingSet20000 = $peak20k
    $memoryDeltaMb = ((Get-Median $peak20k) - (Get-Median $peak1k)) / 1MB
    Write-Host ("memory: 20,000 - 1,000 records = {0:F1} MB peak working set" -f $memoryDeltaMb)

    # --- credentials: STS calls for a 1,000-record pipeline on a RamRoleArn profile ----------------------------
    $configDir = Join-Path $OutDir 'aliyun'
    New-Item -ItemType Directory -Force -Path $configDir | Out-Null
    $configFile = Join-Path $configDir 'config.json'
    @{
        current  = 'bench'
        profiles = @(@{
                name = 'bench'; mode = 'RamRoleArn'; access_key_id = $keyId; access_key_secret = $keySecret
                ram_role_arn = 'acs:ram::1234567890123456:role/bench'; ram_session_name = 'bench'; expired_seconds = 3600
            })
    } | ConvertTo-Json -Depth 5 | Set-Content -Path $configFile
    $credentialScript = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
1..1000 | ForEach-Object { [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 1 + (`$_ % 20); SecretData = @{ value = "record-`$_" } } } |
    Update-SaeSecret -Endpoint '$($emulator.Url)' | Out-Null
'done'
"@
    Invoke-Admin POST reset | Out-Null
    $credentialEnv = @{
        ALIBABA_CLOUD_CONFIG_FILE = $configFile; SAESECRET_STS_ENDPOINT = $emulator.Url; ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true'
        ALIBABA_CLOUD_ACCESS_KEY_ID = $null; ALIBABA_CLOUD_ACCESS_KEY_SECRET = $null; ALIBABA_CLOUD_SECURITY_TOKEN = $null
        ALIBABA_CLOUD_CREDENTIALS_FILE = (Join-Path $configDir 'none.ini')
    }
    Invoke-FreshPwsh $credentialScript $credentialEnv | Out-Null
    $stats = Invoke-Admin GET stats
    $stsCalls = [int]$stats.StsAssumeRole
    $raw.StsAssumeRoleFor1000 = $stsCalls
    Write-Host "credentials: $stsCalls AssumeRole call(s) for 1,000 records"

    # --- connections --------------------------------------------------------------------------------------
    Invoke-Admin POST reset | Out-Null
    $before = [int](Invoke-Admin GET stats).ConnectionsAccepted
    $sequentialScript = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
`$cred = [pscredential]::new('$keyId', (ConvertTo-SecureString '$keySecret' -AsPlainText -Force))
1..2000 | ForEach-Object { [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 1 + (`$_ % 20); SecretData = @{ value = "record-`$_" } } } |
    Update-SaeSecret -Endpoint '$($emulator.Url)' -Credential `$cred | Out-Null
'done'
"@
    Invoke-FreshPwsh $sequentialScript | Out-Null
    $sequentialConnections = [int](Invoke-Admin GET stats).ConnectionsAccepted - $before
    $before = [int](Invoke-Admin GET stats).ConnectionsAccepted
    $parallelScript = @"
`$ErrorActionPreference = 'Stop'
1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
    Import-Module '$ModulePath'
    `$cred = [pscredential]::new('$keyId', (ConvertTo-SecureString '$keySecret' -AsPlainText -Force))
    `$worker = `$_
    1..250 | ForEach-Object { [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = `$worker; SecretData = @{ value = "record-`$_" } } } |
        Update-SaeSecret -Endpoint '$($emulator.Url)' -Credential `$cred | Out-Null
}
'done'
"@
    Invoke-FreshPwsh $parallelScript | Out-Null
    $parallelConnections = [int](Invoke-Admin GET stats).ConnectionsAccepted - $before
    $raw.ConnectionsSequential2000 = $sequentialConnections; $raw.ConnectionsParallel8 = $parallelConnections
    Write-Host "connections: $sequentialConnections sequential, $parallelConnections with -Parallel -ThrottleLimit 8"
}
finally {
    Stop-SaeEmulator
    $admin.Dispose()
}

# --- https: the cmdlets' transport against HttpClient, on an emulator serving TLS --------------------------------
# What a real endpoint costs the client besides the network: the TLS handshake once, then every request and answer
# encrypted. Each fresh pwsh trusts the emulator's self-signed certificate (SSL_CERT_FILE) and alternates rounds of
# Update-SaeSecret on its own transport and with SAESECRET_TRANSPORT=HttpClient, as above (fewer runs: information).
$httpsRuns = 3
$certificatePem = Join-Path $OutDir 'emulator-tls.pem'
$tlsEmulator = Start-SaeEmulator -EmulatorDll $EmulatorDll -TlsCertificateOut $certificatePem
try {
    $httpsScript = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
`$cred = [pscredential]::new('$keyId', (ConvertTo-SecureString '$keySecret' -AsPlainText -Force))
`$update = foreach (`$i in 1..2000) { [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 1 + (`$i % 20); SecretData = @{ value = "record-`$i" } } }
`$process = [Diagnostics.Process]::GetCurrentProcess()
`$total = @{ Own = 0.0; OwnCpu = 0.0; HttpClient = 0.0; HttpClientCpu = 0.0 }
foreach (`$round in 1..($WarmupRounds + $TimedRounds)) {
    `$names = if (`$round % 2) { 'Own', 'HttpClient' } else { 'HttpClient', 'Own' }
    foreach (`$name in `$names) {
        `$env:SAESECRET_TRANSPORT = if (`$name -eq 'Own') { '' } else { 'HttpClient' }
        [GC]::Collect(); [GC]::WaitForPendingFinalizers()
        `$process.Refresh(); `$cpu = `$process.TotalProcessorTime.TotalMilliseconds
        `$sw = [Diagnostics.Stopwatch]::StartNew()
        `$null = `$update | Update-SaeSecret -Endpoint '$($tlsEmulator.Url)' -Credential `$cred
        `$sw.Stop(); `$process.Refresh()
        if (`$round -gt $WarmupRounds) { `$total[`$name] += `$sw.Elapsed.TotalMilliseconds; `$total[`$name + 'Cpu'] += `$process.TotalProcessorTime.TotalMilliseconds - `$cpu }
    }
}
[pscustomobject]@{ Own = `$total.Own / $TimedRounds; OwnCpu = `$total.OwnCpu / $TimedRounds; HttpClient = `$total.HttpClient / $TimedRounds; HttpClientCpu = `$total.HttpClientCpu / $TimedRounds } | ConvertTo-Json -Compress
"@
    $httpsResults = for ($i = 0; $i -lt $httpsRuns; $i++) { Invoke-FreshPwsh $httpsScript @{ SSL_CERT_FILE = $certificatePem } | ConvertFrom-Json }
}
finally {
    Stop-SaeEmulator
}
$raw.HttpsUpdate2000Ms = [double[]]@($httpsResults.Own); $raw.HttpsUpdate2000CpuMs = [double[]]@($httpsResults.OwnCpu)
$raw.HttpsUpdateHttpClient2000Ms = [double[]]@($httpsResults.HttpClient); $raw.HttpsUpdateHttpClient2000CpuMs = [double[]]@($httpsResults.HttpClientCpu)
$httpsRatio = Get-PairedRatio $raw.HttpsUpdate2000Ms $raw.HttpsUpdateHttpClient2000Ms
$httpsCpuRatio = Get-PairedRatio $raw.HttpsUpdate2000CpuMs $raw.HttpsUpdateHttpClient2000CpuMs
Write-Host ("https, 2,000 updates: own transport {0:F0} ms (CPU {1:F0} ms), HttpClient {2:F0} ms (CPU {3:F0} ms)" -f (Get-Median $raw.HttpsUpdate2000Ms), (Get-Median $raw.HttpsUpdate2000CpuMs), (Get-Median $raw.HttpsUpdateHttpClient2000Ms), (Get-Median $raw.HttpsUpdateHttpClient2000CpuMs))

# --- signing (BenchmarkDotNet, no emulator needed) ------------------------------------------------------------
$signerJson = Join-Path $OutDir 'signer.json'
& dotnet $BenchDll signer $signerJson | Out-Host
if ($LASTEXITCODE -ne 0) { throw "The signer benchmark failed ($LASTEXITCODE)." }
$signer = Get-Content -Raw $signerJson | ConvertFrom-Json
$raw.SignerMeanNs = $signer.MeanNanoseconds; $raw.SignerAllocatedBytes = $signer.AllocatedBytes

# --- report -----------------------------------------------------------------------------------------------
$rows = @(
    [pscustomobject]@{ Measure = 'import cost'; Result = ('{0:F2}x the floor ({1:F1} ms vs {2:F1} ms, medians of {3})' -f $importRatio, $importModule, $importFloor, $ImportRuns); Target = '<= 1.2x the floor'; Met = $importRatio -le 1.2 }
    [pscustomobject]@{ Measure = 'Update-SaeSecret per record, same transport'; Result = ('{0:F2}x the C# loop sending as the module does (runs {1}; medians {2:F0} ms vs {3:F0} ms per 2,000, CPU {4:F0} ms vs {5:F0} ms)' -f $pipelineSyncRatio, (Get-RatioRange $writes.UpdateSaeSecret $writes.SyncLoop), $pipelineMs, $syncLoopMs, (Get-Median $writes.UpdateSaeSecretCpu), (Get-Median $writes.SyncLoopCpu)); Target = '<= 1.1x'; Met = $pipelineSyncRatio -le 1.1 }
    [pscustomobject]@{ Measure = 'minimal cmdlet per record (the control)'; Result = ('{0:F2}x the same-transport C# loop: a binary cmdlet with Update-SaeSecret''s pipeline parameters that sends the loop''s own record, with none of the module''s work (runs {1}; median {2:F0} ms, CPU {3:F0} ms); Update-SaeSecret is {4:F2}x it (runs {5})' -f $minimalSyncRatio, (Get-RatioRange $writes.Minimal $writes.SyncLoop), $minimalMs, (Get-Median $writes.MinimalCpu), $pipelineMinimalRatio, (Get-RatioRange $writes.UpdateSaeSecret $writes.Minimal)); Target = '(information)'; Met = $true }
    [pscustomobject]@{ Measure = 'Update-SaeSecret per record, async baseline'; Result = ('{0:F2}x the C# loop on an async HttpClient (runs {1}; median {2:F0} ms, CPU {3:F0} ms)' -f $pipelineRatio, (Get-RatioRange $writes.UpdateSaeSecret $writes.AsyncLoop), $loopMs, (Get-Median $writes.AsyncLoopCpu)); Target = '(information)'; Met = $true }
    [pscustomobject]@{ Measure = 'Update-SaeSecret over https'; Result = ('{0:F2}x the time and {1:F2}x the CPU of the same cmdlet sending through HttpClient (SAESECRET_TRANSPORT=HttpClient; runs {2}; medians {3:F0} ms vs {4:F0} ms per 2,000, CPU {5:F0} ms vs {6:F0} ms; {7} runs)' -f $httpsRatio, $httpsCpuRatio, (Get-RatioRange $raw.HttpsUpdate2000Ms $raw.HttpsUpdateHttpClient2000Ms), (Get-Median $raw.HttpsUpdate2000Ms), (Get-Median $raw.HttpsUpdateHttpClient2000Ms), (Get-Median $raw.HttpsUpdate2000CpuMs), (Get-Median $raw.HttpsUpdateHttpClient2000CpuMs), $httpsRuns); Target = '(information)'; Met = $true }
    [pscustomobject]@{ Measure = 'Get-SaeSecret per record'; Result = ('{0:F2}x the C# DescribeSecret loop on an async HttpClient (runs {1}; medians {2:F0} ms vs {3:F0} ms, CPU {4:F0} ms vs {5:F0} ms); {6:F2}x the loop on the same transport (runs {7}; median {8:F0} ms, CPU {9:F0} ms)' -f $getRatio, (Get-RatioRange $reads.GetSaeSecret $reads.AsyncLoop), $describeMs, $describeLoopMs, (Get-Median $reads.GetSaeSecretCpu), (Get-Median $reads.AsyncLoopCpu), $getSyncRatio, (Get-RatioRange $reads.GetSaeSecret $reads.SyncLoop), $describeSyncLoopMs, (Get-Median $reads.SyncLoopCpu)); Target = '<= 1.0x the DescribeSecret loop'; Met = $getRatio -le 1.0 }
    [pscustomobject]@{ Measure = 'Set-SaeSecret per record (Unchanged)'; Result = ('{0:F2}x the C# DescribeSecret loop on an async HttpClient (runs {1}; median {2:F0} ms, CPU {3:F0} ms; a ListSecrets per namespace and a DescribeSecret each); {4:F2}x the loop on the same transport (runs {5})' -f $setRatio, (Get-RatioRange $reads.SetSaeSecret $reads.AsyncLoop), $setMs, (Get-Median $reads.SetSaeSecretCpu), $setSyncRatio, (Get-RatioRange $reads.SetSaeSecret $reads.SyncLoop)); Target = '<= 1.0x the DescribeSecret loop'; Met = $setRatio -le 1.0 }
    [pscustomobject]@{ Measure = 'decompression bomb'; Result = ('{0}; peak working set {1:F0} MB for a 1 GiB gzip answer' -f $bombId, $bombPeakMb); Target = 'ResponseTooLarge, < 600 MB'; Met = ($bombId -eq 'ResponseTooLarge' -and $bombPeakMb -lt 600) }
    [pscustomobject]@{ Measure = 'signing'; Result = ('{0:F2} us, {1} B allocated per signature' -f ($signer.MeanNanoseconds / 1000), $signer.AllocatedBytes); Target = '<= 5 us and <= 4 KB'; Met = ($signer.MeanNanoseconds -le 5000 -and $signer.AllocatedBytes -le 4096 -and $signer.AllocatedBytes -ge 0) }
    [pscustomobject]@{ Measure = 'memory'; Result = ('{0:F1} MB (peak working set, 20,000 minus 1,000 records, median of 3)' -f $memoryDeltaMb); Target = '<= 30 MB'; Met = $memoryDeltaMb -le 30 }
    [pscustomobject]@{ Measure = 'credentials'; Result = "$stsCalls STS AssumeRole call(s) for 1,000 records (RamRoleArn profile)"; Target = '1'; Met = $stsCalls -eq 1 }
    [pscustomobject]@{ Measure = 'connections'; Result = "$sequentialConnections for 2,000 sequential; $parallelConnections with -Parallel -ThrottleLimit 8"; Target = '1; <= 8'; Met = ($sequentialConnections -eq 1 -and $parallelConnections -le 8) }
)
$machine = "$([Environment]::ProcessorCount) cores, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription), PowerShell $($PSVersionTable.PSVersion)"
$lines = @("| measure | result | target | met |", "| --- | --- | --- | --- |")
$lines += $rows | ForEach-Object { "| $($_.Measure) | $($_.Result) | $($_.Target) | $(if ($_.Met) { 'yes' } else { 'NO' }) |" }
$method = "Ratios are medians over $PipelineRuns runs (import: $ImportRuns) of each run's ratio, each run a fresh pwsh; 'runs' gives the lowest and highest run's ratio, and the ms are medians of each measure alone. In a per-record run the cmdlets and the C# loops (in the same process) take turns, in a balanced order (each measure in each place, and after each other measure, equally often), $WarmupRounds untimed rounds of 2,000 records each and then $TimedRounds timed ones."
$markdown = @("# SaeSecret benchmark", '', "$([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)) UTC, $machine", '', $method, '') + $lines
Set-Content -Path (Join-Path $OutDir 'results.md') -Value $markdown -Encoding utf8
$raw | ConvertTo-Json -Depth 4 | Set-Content -Path (Join-Path $OutDir 'results.json') -Encoding utf8
Write-Host ''
$lines | ForEach-Object { Write-Host $_ }
Write-Host "`nWritten: $(Join-Path $OutDir 'results.md'), results.json"
if ($rows | Where-Object { -not $_.Met }) { Write-Warning 'Some targets were not met.' }
