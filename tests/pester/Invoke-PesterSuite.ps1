<#
.SYNOPSIS
    Runs every tests/pester/*.Tests.ps1 in this (fresh) process against the staged module and one emulator, and
    writes the counts to SummaryPath for build.ps1.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $EmulatorDll,
    [Parameter(Mandatory)][string] $PesterManifest,
    [Parameter(Mandatory)][string] $SummaryPath,
    [Parameter(Mandatory)][string] $ResultsDirectory,
    # The folder repository holding the .nupkg of `build.ps1 -Task Package`, for Package.Tests.ps1.
    [Parameter(Mandatory)][string] $PackageFeed,
    # Only these *.Tests.ps1 files (names or paths), e.g. -Only Wire.Tests.ps1; every suite when omitted.
    [string[]] $Only
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force
Import-Module (Join-Path $PSScriptRoot '../SaeEmulator.psm1') -Force

$env:SAESECRET_MODULE_PATH = (Resolve-Path $ModulePath).Path

# Isolation: no test may read the real user's credential files, or reach the real instance metadata address.
$isolated = Join-Path ([IO.Path]::GetTempPath()) "saesecret-pester-$PID"
New-Item -ItemType Directory -Force -Path $isolated | Out-Null
foreach ($name in @([Environment]::GetEnvironmentVariables().Keys)) {
    if ($name -like 'ALIBABA_CLOUD_*' -or $name -like 'SAESECRET_*' -and $name -ne 'SAESECRET_MODULE_PATH' -and $name -ne 'SAESECRET_EMULATOR_DLL') { [Environment]::SetEnvironmentVariable($name, $null) }
}
$env:ALIBABA_CLOUD_CONFIG_FILE = Join-Path $isolated 'no-aliyun-config.json'
$env:ALIBABA_CLOUD_CREDENTIALS_FILE = Join-Path $isolated 'no-credentials.ini'
$env:ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true'
$env:HOME = $isolated
$env:SAESECRET_PACKAGE_FEED = (Resolve-Path $PackageFeed).Path
$env:SAESECRET_EMULATOR_DLL = (Resolve-Path $EmulatorDll).Path   # for nested runs that start an emulator of their own
$emulator = Start-SaeEmulator -EmulatorDll $EmulatorDll
Write-Host "Emulator at $($emulator.Url); module $env:SAESECRET_MODULE_PATH"
try {
    $config = New-PesterConfiguration
    $config.Run.Path = if ($Only) { @($Only | ForEach-Object { if (Test-Path $_) { (Resolve-Path $_).Path } else { Join-Path $PSScriptRoot $_ } }) } else { $PSScriptRoot }
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Normal'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputPath = Join-Path $ResultsDirectory 'pester.xml'
    $result = Invoke-Pester -Configuration $config
}
finally {
    Stop-SaeEmulator
}
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount
} | ConvertTo-Json | Set-Content -Path $SummaryPath -Encoding utf8
