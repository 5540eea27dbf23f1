<#
.SYNOPSIS
    Child process of LeakScan.Tests.ps1: runs every other Pester suite with Verbose and Debug on for the module's
    commands, inside a transcript, then dumps every error record ($Error) in full, so the parent can scan it all.
#>
param(
    [Parameter(Mandatory)][string] $PesterManifest,
    [Parameter(Mandatory)][string] $TranscriptPath,
    [Parameter(Mandatory)][string] $ResultPath,
    [Parameter(Mandatory)][string] $TestPath,  # paths joined by ';' (arrays do not survive -File)
    # When set, the suites run against an emulator of their own that reads SecretData only from there (Query or Body).
    [string] $SecretDataLocation
)
$ErrorActionPreference = 'Continue'
Import-Module $PesterManifest
$PSStyle.OutputRendering = 'PlainText'
if ($SecretDataLocation) {
    Import-Module (Join-Path $PSScriptRoot '../SaeEmulator.psm1')
    Start-SaeEmulator -EmulatorDll $env:SAESECRET_EMULATOR_DLL -SecretDataLocation $SecretDataLocation | Out-Null
}
Start-Transcript -Path $TranscriptPath -Force | Out-Null
$global:VerbosePreference = 'Continue'
$global:DebugPreference = 'Continue'
# -Debug makes PowerShell inquire on every warning; a non-interactive run must not stop at a prompt.
$global:PSDefaultParameterValues = @{ '*-Sae*:Verbose' = $true; '*-Sae*:Debug' = $true; '*-Sae*:WarningAction' = 'Continue' }
try {
    $config = New-PesterConfiguration
    $config.Run.Path = $TestPath -split ';'
    $config.Run.PassThru = $true
    # Tests of the body form's URL do not hold where the query form is the point.
    if ($SecretDataLocation -eq 'Query') { $config.Filter.ExcludeTag = 'BodyForm' }
    $config.Output.Verbosity = 'Detailed'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputPath = $ResultPath
    $result = Invoke-Pester -Configuration $config
    Write-Host "NESTED-RUN passed=$($result.PassedCount) failed=$($result.FailedCount)"
    Write-Host '--- $Error ---'
    foreach ($record in $global:Error) {
        Write-Host ($record | Format-List * -Force | Out-String -Width 4096)
        if ($record.Exception) { Write-Host $record.Exception.ToString() }
    }
}
finally {
    Stop-Transcript | Out-Null
}
