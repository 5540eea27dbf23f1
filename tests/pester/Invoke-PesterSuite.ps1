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
    [Parameter(Mandatory)][string] $ResultsDirectory
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force
Import-Module (Join-Path $PSScriptRoot '../SaeEmulator.psm1') -Force

$env:SAESECRET_MODULE_PATH = (Resolve-Path $ModulePath).Path
$emulator = Start-SaeEmulator -EmulatorDll $EmulatorDll
Write-Host "Emulator at $($emulator.Url); module $env:SAESECRET_MODULE_PATH"
try {
    $config = New-PesterConfiguration
    $config.Run.Path = $PSScriptRoot
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
