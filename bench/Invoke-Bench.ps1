<#
.SYNOPSIS
    The measurements of build.ps1 -Task Bench: import cost, per-record overhead, signing, memory, credential fetches
    and connections, each against its target; prints a table and writes out/bench/results.md and results.json.
    Comparisons are measured side by side in the same run and reported as ratios of medians.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $MinimalModulePath,
    [Parameter(Mandatory)][string] $EmulatorDll,
    [Parameter(Mandatory)][string] $BenchDll,
    [Parameter(Mandatory)][string] $OutDir,
    [int] $ImportRuns = 15,
    [int] $PipelineRuns = 5,
    # Untimed rounds of 2,000 updates before the timed one, on both sides of the per-record comparison.
    [int] $WarmupRounds = 4
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/SaeEmulator.psm1') -Force
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
$pwshDll = Join-Path $PSHOME 'pwsh.dll'
$keyId = 'EmulatorKeyId'
$keySecret = 'EmulatorKeySecret-0123456789'

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
    Write-Host ("import: module {0:F1} ms, floor {1:F1} ms" -f $importModule, $importFloor)

    # --- per-record overhead -------------------------------------------------------------------------------
    $pipelineScript = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
`$cred = [pscredential]::new('$keyId', (ConvertTo-SecureString '$keySecret' -AsPlainText -Force))
`$records = foreach (`$i in 1..2000) { [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 1 + (`$i % 20); SecretData = @{ value = "record-`$i" } } }
# Warm-up: tiered JIT (PowerShell's binder, the module, the HTTP stack) reaches steady state before timing.
foreach (`$round in 1..$WarmupRounds) { `$null = `$records | Update-SaeSecret -Endpoint '$($emulator.Url)' -Credential `$cred }
`$sw = [Diagnostics.Stopwatch]::StartNew()
`$null = `$records | Update-SaeSecret -Endpoint '$($emulator.Url)' -Credential `$cred
`$sw.Stop()
`$sw.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)
"@
    $pipelineTimes = @(); $loopTimes = @(); $syncLoopTimes = @()
    for ($i = 0; $i -lt $PipelineRuns; $i++) {
        Invoke-Admin POST reset | Out-Null
        $loopTimes += [double]((& dotnet $BenchDll loop $emulator.Url 2000 $keyId $keySecret (2000 * $WarmupRounds)) | Select-Object -Last 1)
        Invoke-Admin POST reset | Out-Null
        $syncLoopTimes += [double]((& dotnet $BenchDll loop $emulator.Url 2000 $keyId $keySecret (2000 * $WarmupRounds) sync) | Select-Object -Last 1)
        Invoke-Admin POST reset | Out-Null
        $pipelineTimes += [double](Invoke-FreshPwsh $pipelineScript)
    }
    $raw.Pipeline2000Ms = $pipelineTimes; $raw.Loop2000Ms = $loopTimes; $raw.SyncLoop2000Ms = $syncLoopTimes
    $pipelineMs = Get-Median $pipelineTimes; $loopMs = Get-Median $loopTimes; $syncLoopMs = Get-Median $syncLoopTimes
    Write-Host ("2,000 updates after {2} warm-up rounds: pipeline {0:F0} ms, C# loop {1:F0} ms" -f $pipelineMs, $loopMs, $WarmupRounds)

    # --- reads: Get-SaeSecret (describe) and Set-SaeSecret's Unchanged path, per record -------------------------
    $readScript = {
        param($Command)
        @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
`$cred = [pscredential]::new('$keyId', (ConvertTo-SecureString '$keySecret' -AsPlainText -Force))
`$describe = foreach (`$i in 1..2000) { [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 1 + (`$i % 20) } }
`$apply = foreach (`$i in 1..2000) { [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretName = "prod-secret-`$(1 + (`$i % 20))"; SecretData = @{ k = 'v' } } }
`$records = if ('$Command' -eq 'Get-SaeSecret') { `$describe } else { `$apply }
foreach (`$round in 1..$WarmupRounds) { `$null = `$records | $Command -Endpoint '$($emulator.Url)' -Credential `$cred }
`$sw = [Diagnostics.Stopwatch]::StartNew()
`$out = `$records | $Command -Endpoint '$($emulator.Url)' -Credential `$cred
`$sw.Stop()
if ('$Command' -eq 'Set-SaeSecret' -and @(`$out | Where-Object Action -NE 'Unchanged').Count) { throw 'Set-SaeSecret wrote' }
`$sw.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)
"@
    }
    $describeTimes = @(); $setTimes = @(); $describeLoopTimes = @()
    for ($i = 0; $i -lt $PipelineRuns; $i++) {
        Invoke-Admin POST reset | Out-Null
        $describeLoopTimes += [double]((& dotnet $BenchDll describe $emulator.Url 2000 $keyId $keySecret (2000 * $WarmupRounds)) | Select-Object -Last 1)
        $describeTimes += [double](Invoke-FreshPwsh (& $readScript 'Get-SaeSecret'))
        $setTimes += [double](Invoke-FreshPwsh (& $readScript 'Set-SaeSecret'))
    }
    $raw.GetSaeSecret2000Ms = $describeTimes; $raw.SetUnchanged2000Ms = $setTimes; $raw.DescribeLoop2000Ms = $describeLoopTimes
    $describeMs = Get-Median $describeTimes; $setMs = Get-Median $setTimes; $describeLoopMs = Get-Median $describeLoopTimes
    Write-Host ("2,000 reads: Get-SaeSecret {0:F0} ms, Set-SaeSecret (Unchanged) {1:F0} ms, C# DescribeSecret loop {2:F0} ms" -f $describeMs, $setMs, $describeLoopMs)

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

# --- signing (BenchmarkDotNet, no emulator needed) ------------------------------------------------------------
$signerJson = Join-Path $OutDir 'signer.json'
& dotnet $BenchDll signer $signerJson | Out-Host
if ($LASTEXITCODE -ne 0) { throw "The signer benchmark failed ($LASTEXITCODE)." }
$signer = Get-Content -Raw $signerJson | ConvertFrom-Json
$raw.SignerMeanNs = $signer.MeanNanoseconds; $raw.SignerAllocatedBytes = $signer.AllocatedBytes

# --- report -----------------------------------------------------------------------------------------------
$rows = @(
    [pscustomobject]@{ Measure = 'import cost'; Result = ('{0:F2}x the floor ({1:F1} ms vs {2:F1} ms, median of {3})' -f ($importModule / $importFloor), $importModule, $importFloor, $ImportRuns); Target = '<= 1.3x the floor'; Met = ($importModule / $importFloor) -le 1.3 }
    [pscustomobject]@{ Measure = 'per-record overhead'; Result = ('{0:F2}x the C# loop ({1:F0} ms vs {2:F0} ms for 2,000 after {4} warm-up rounds, median of {3})' -f ($pipelineMs / $loopMs), $pipelineMs, $loopMs, $PipelineRuns, $WarmupRounds); Target = 'ratio <= 1.25'; Met = ($pipelineMs / $loopMs) -le 1.25 }
    [pscustomobject]@{ Measure = 'per-record overhead, same transport'; Result = ('{0:F2}x the C# loop sending as the module does ({1:F0} ms vs {2:F0} ms)' -f ($pipelineMs / $syncLoopMs), $pipelineMs, $syncLoopMs); Target = '(information: the cmdlet layer alone)'; Met = $true }
    [pscustomobject]@{ Measure = 'Get-SaeSecret per record'; Result = ('{0:F2}x a C# DescribeSecret loop ({1:F0} ms vs {2:F0} ms for 2,000, median of {3})' -f ($describeMs / $describeLoopMs), $describeMs, $describeLoopMs, $PipelineRuns); Target = 'ratio <= 1.25'; Met = ($describeMs / $describeLoopMs) -le 1.25 }
    [pscustomobject]@{ Measure = 'Set-SaeSecret per record (Unchanged)'; Result = ('{0:F2}x a C# DescribeSecret loop ({1:F0} ms vs {2:F0} ms for 2,000: one ListSecrets and a DescribeSecret each)' -f ($setMs / $describeLoopMs), $setMs, $describeLoopMs); Target = 'ratio <= 1.25'; Met = ($setMs / $describeLoopMs) -le 1.25 }
    [pscustomobject]@{ Measure = 'decompression bomb'; Result = ('{0}; peak working set {1:F0} MB for a 1 GiB gzip answer' -f $bombId, $bombPeakMb); Target = 'ResponseTooLarge, < 600 MB'; Met = ($bombId -eq 'ResponseTooLarge' -and $bombPeakMb -lt 600) }
    [pscustomobject]@{ Measure = 'signing'; Result = ('{0:F2} us, {1} B allocated per signature' -f ($signer.MeanNanoseconds / 1000), $signer.AllocatedBytes); Target = '<= 5 us and <= 4 KB'; Met = ($signer.MeanNanoseconds -le 5000 -and $signer.AllocatedBytes -le 4096 -and $signer.AllocatedBytes -ge 0) }
    [pscustomobject]@{ Measure = 'memory'; Result = ('{0:F1} MB (peak working set, 20,000 minus 1,000 records, median of 3)' -f $memoryDeltaMb); Target = '<= 30 MB'; Met = $memoryDeltaMb -le 30 }
    [pscustomobject]@{ Measure = 'credentials'; Result = "$stsCalls STS AssumeRole call(s) for 1,000 records (RamRoleArn profile)"; Target = '1'; Met = $stsCalls -eq 1 }
    [pscustomobject]@{ Measure = 'connections'; Result = "$sequentialConnections for 2,000 sequential; $parallelConnections with -Parallel -ThrottleLimit 8"; Target = '1; <= 8'; Met = ($sequentialConnections -eq 1 -and $parallelConnections -le 8) }
)
$machine = "$([Environment]::ProcessorCount) cores, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription), PowerShell $($PSVersionTable.PSVersion)"
$lines = @("| measure | result | target | met |", "| --- | --- | --- | --- |")
$lines += $rows | ForEach-Object { "| $($_.Measure) | $($_.Result) | $($_.Target) | $(if ($_.Met) { 'yes' } else { 'NO' }) |" }
$markdown = @("# SaeSecret benchmark", '', "$(Get-Date -Format 'yyyy-MM-dd HH:mm') UTC, $machine", '') + $lines
Set-Content -Path (Join-Path $OutDir 'results.md') -Value $markdown -Encoding utf8
$raw | ConvertTo-Json -Depth 4 | Set-Content -Path (Join-Path $OutDir 'results.json') -Encoding utf8
Write-Host ''
$lines | ForEach-Object { Write-Host $_ }
Write-Host "`nWritten: $(Join-Path $OutDir 'results.md'), results.json"
if ($rows | Where-Object { -not $_.Met }) { Write-Warning 'Some targets were not met.' }
