#requires -Version 7.0
<#
.SYNOPSIS
    The one entry point: Build, Test, Demo, Package, Bench, Mutation, Clean.
.DESCRIPTION
    Run it through the pinned PowerShell tool so a machine with only the .NET SDK can use it:
        dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package', 'Bench', 'Mutation', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$Root = $PSScriptRoot
$OutDir = Join-Path $Root 'out'
$PesterVersion = '5.7.1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Invoke-Native {
    param([string] $What, [scriptblock] $Command)
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed with exit code $LASTEXITCODE." }
}

function Get-ModuleVersion {
    $props = [xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))
    return $props.Project.PropertyGroup.SaeSecretVersion | Where-Object { $_ } | Select-Object -First 1
}

function Get-StagedModulePath {
    Join-Path $OutDir "SaeSecret/$(Get-ModuleVersion)/SaeSecret.psd1"
}

function Get-EmulatorDll {
    Join-Path $Root "tests/SaeSecret.Emulator/bin/$Configuration/net10.0/SaeSecret.Emulator.dll"
}

function Get-PesterManifest {
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    Join-Path $packages "pester/$PesterVersion/tools/Pester.psd1"
}

function Invoke-Build {
    Invoke-Native 'Restoring test tools (Pester)' { dotnet restore (Join-Path $Root 'tools/Tools.csproj') --nologo -v quiet }
    Invoke-Native 'Restoring test assemblies (an older YamlDotNet)' { dotnet restore (Join-Path $Root 'tools/TestAssemblies.csproj') --nologo -v quiet }
    Invoke-Native 'Building the solution' { dotnet build (Join-Path $Root 'SaeSecret.PowerShell.sln') -c $Configuration --nologo -v quiet -clp:ErrorsOnly }

    $version = Get-ModuleVersion
    $stage = Join-Path $OutDir "SaeSecret/$version"
    if (Test-Path $stage) { Remove-Item -Recurse -Force $stage }
    New-Item -ItemType Directory -Force -Path $stage | Out-Null
    $bin = Join-Path $Root "src/SaeSecret.PowerShell/bin/$Configuration/netstandard2.0"
    Copy-Item (Join-Path $bin 'SaeSecret.PowerShell.dll'), (Join-Path $bin 'Newtonsoft.Json.dll') $stage
    # The manifest cmdlets' YAML engine, its YamlDotNet and (PowerShell 7) the load context they go into: in a folder
    # PowerShell never probes, loaded on first use (src/SaeSecret.PowerShell/Manifests/YamlEngineLoader.cs).
    $dependencies = New-Item -ItemType Directory -Force -Path (Join-Path $stage 'Dependencies')
    Copy-Item (Join-Path $bin 'SaeSecret.Yaml.dll'), (Join-Path $bin 'YamlDotNet.dll'), (Join-Path $bin 'SaeSecret.LoadContext.dll') $dependencies
    Copy-Item (Join-Path $Root 'src/SaeSecret.PowerShell/SaeSecret.Format.ps1xml') $stage
    foreach ($extra in 'LICENSE', 'CHANGELOG.md') {
        if (Test-Path (Join-Path $Root $extra)) { Copy-Item (Join-Path $Root $extra) $stage }
    }
    $manifest = Get-Content -Raw (Join-Path $Root 'SaeSecret.psd1')
    $manifest = $manifest -replace "ModuleVersion(\s*)= '0\.0\.0'", "ModuleVersion`$1= '$version'"
    Set-Content -Path (Join-Path $stage 'SaeSecret.psd1') -Value $manifest -Encoding utf8

    # Help: MAML generated from docs/help/*.md in a child process (it imports the staged module), plus about_ topics.
    $helpDir = Join-Path $stage 'en-US'
    Invoke-Native 'Generating help' {
        dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tools/New-MamlHelp.ps1') -ModulePath (Join-Path $stage 'SaeSecret.psd1') `
            -SourceDirectory (Join-Path $Root 'docs/help') -OutputPath (Join-Path $helpDir 'SaeSecret.PowerShell.dll-Help.xml')
    }
    Copy-Item (Join-Path $Root 'docs/help/about_*.help.txt') $helpDir

    # Not part of the module: an older YamlDotNet the assembly-conflict test loads first (tools/TestAssemblies.csproj).
    $older = Join-Path $OutDir 'test-assemblies/YamlDotNet-11.2.1'
    New-Item -ItemType Directory -Force -Path $older | Out-Null
    # (The NuGet package folder is four levels above Pester's manifest.)
    Copy-Item (Join-Path (Split-Path (Split-Path (Split-Path (Split-Path (Get-PesterManifest))))) 'yamldotnet/11.2.1/lib/netstandard2.1/YamlDotNet.dll') $older
    Write-Host "Staged SaeSecret $version at $stage"
}

function Get-TrxCounts([string] $TrxPath) {
    $trx = [xml](Get-Content -Raw $TrxPath)
    $counters = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{
        Passed  = [int]$counters.passed
        Failed  = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        Skipped = [int]$counters.notExecuted
    }
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $OutDir 'test-results'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    New-Item -ItemType Directory -Force -Path $results | Out-Null

    Write-Host "`n== xunit =="
    dotnet test (Join-Path $Root 'tests/SaeSecret.Tests/SaeSecret.Tests.csproj') -c $Configuration --no-build --nologo `
        --logger 'trx;LogFileName=xunit.trx' --logger 'console;verbosity=minimal' --results-directory $results
    $xunitExit = $LASTEXITCODE
    $trxPath = Join-Path $results 'xunit.trx'
    if (-not (Test-Path $trxPath)) { throw "xunit produced no results (exit code $xunitExit)." }
    $xunit = Get-TrxCounts $trxPath

    Write-Host "`n== Package (Publish-PSResource to a local folder repository) =="
    $package = Invoke-Package -SkipBuild

    Write-Host "`n== Pester (fresh pwsh process, staged module, emulator) =="
    $pesterSummary = Join-Path $results 'pester-summary.json'
    $runner = Join-Path $Root 'tests/pester/Invoke-PesterSuite.ps1'
    & dotnet pwsh -NoProfile -NonInteractive -File $runner -ModulePath (Get-StagedModulePath) -EmulatorDll (Get-EmulatorDll) `
        -PesterManifest (Get-PesterManifest) -SummaryPath $pesterSummary -ResultsDirectory $results -PackageFeed $package.DirectoryName
    if (-not (Test-Path $pesterSummary)) { throw "Pester produced no summary (exit code $LASTEXITCODE)." }
    $pester = Get-Content -Raw $pesterSummary | ConvertFrom-Json
    # A Pester run that crashed leaves empty counts: that is a failure, never a green line.
    if ($null -eq $pester.Passed -or $null -eq $pester.Failed -or $pester.Passed -eq 0) {
        Write-Host 'Pester did not report its counts: counting the run as failed.'
        $pester = [pscustomobject]@{ Passed = [int]$pester.Passed; Failed = [int]$pester.Failed + 1; Skipped = [int]$pester.Skipped }
    }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Host ''
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped; Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
    $line = "Tests: $passed passed, $failed failed"
    if ($skipped -gt 0) { $line += ", $skipped skipped" }
    Write-Host $line
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/demo/Invoke-Demo.ps1') -ModulePath (Get-StagedModulePath) -EmulatorDll (Get-EmulatorDll)
    if ($LASTEXITCODE -ne 0) { throw "The demo failed with exit code $LASTEXITCODE." }
}

function Get-PackageDirectory { Join-Path $OutDir 'package' }

# Publishes the staged module with Publish-PSResource to a local folder repository: the .nupkg the Gallery would get.
function Invoke-Package {
    param([switch] $SkipBuild)
    if (-not $SkipBuild) { Invoke-Build }
    $feed = Get-PackageDirectory
    if (Test-Path $feed) { Remove-Item -Recurse -Force $feed }
    New-Item -ItemType Directory -Force -Path $feed | Out-Null
    $stage = Split-Path (Get-StagedModulePath)
    $manifest = Test-ModuleManifest -Path (Get-StagedModulePath)
    $repository = "SaeSecretLocal$PID"
    Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
    try {
        Publish-PSResource -Path $stage -Repository $repository
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }
    $package = Get-ChildItem -Path $feed -Filter '*.nupkg' | Select-Object -First 1
    if (-not $package) { throw "Publish-PSResource produced no package in $feed." }
    Write-Host "Package: $($package.FullName) ($($package.Length) bytes; $($manifest.Name) $($manifest.Version))"
    return $package
}

# Not part of Test: builds in Release and runs bench/Invoke-Bench.ps1 (results in out/bench/).
function Invoke-Bench {
    $script:Configuration = 'Release'
    Invoke-Build
    Invoke-Native 'Building the benchmarks' {
        dotnet build (Join-Path $Root 'bench/SaeSecret.Bench/SaeSecret.Bench.csproj') -c Release --nologo -v quiet -clp:ErrorsOnly
    }
    Invoke-Native 'Building the floor module' {
        dotnet build (Join-Path $Root 'bench/MinimalModule/MinimalModule.csproj') -c Release --nologo -v quiet -clp:ErrorsOnly
    }
    $floor = Join-Path $OutDir 'bench/MinimalModule'
    New-Item -ItemType Directory -Force -Path $floor | Out-Null
    Copy-Item (Join-Path $Root 'bench/MinimalModule/bin/Release/netstandard2.0/MinimalModule.dll'), (Join-Path $Root 'bench/MinimalModule/MinimalModule.psd1') $floor
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Invoke-Bench.ps1') -ModulePath (Get-StagedModulePath) `
        -MinimalModulePath (Join-Path $floor 'MinimalModule.psd1') -EmulatorDll (Get-EmulatorDll) `
        -BenchDll (Join-Path $Root 'bench/SaeSecret.Bench/bin/Release/net10.0/SaeSecret.Bench.dll') -OutDir (Join-Path $OutDir 'bench')
    if ($LASTEXITCODE -ne 0) { throw "The benchmark failed with exit code $LASTEXITCODE." }
}

# Not part of Test (it takes minutes): dotnet-stryker mutates src and runs the xunit tests against every mutant. Prints
# the score without string-literal mutants (messages are not behaviour the tests pin), per folder, and the report's path.
function Invoke-Mutation {
    $testProject = Join-Path $Root 'tests/SaeSecret.Tests'
    $output = Join-Path $OutDir 'mutation'
    if (Test-Path $output) { Remove-Item -Recurse -Force $output }
    Push-Location $testProject
    try {
        Invoke-Native 'dotnet-stryker' {
            # tests/SaeSecret.Tests/stryker-config.json: Signing, SecretData, Api, Http and Rules; string-literal mutants ignored.
            dotnet dotnet-stryker --config-file stryker-config.json --output $output
        }
    }
    finally {
        Pop-Location
    }
    $report = Get-ChildItem -Path $output -Recurse -Filter 'mutation-report.json' | Select-Object -First 1
    if (-not $report) { throw "dotnet-stryker wrote no JSON report under $output." }
    $json = Get-Content -Raw $report.FullName | ConvertFrom-Json
    $folders = [ordered]@{}
    foreach ($file in $json.files.PSObject.Properties) {
        $folder = if ($file.Name -match '[\\/](Signing|SecretData|Api|Http|Rules|Model|Credentials|Commands)[\\/]') { $Matches[1] } else { 'other' }
        if (-not $folders.Contains($folder)) { $folders[$folder] = @{ Killed = 0; Survived = 0; NoCoverage = 0; Timeout = 0 } }
        foreach ($m in $file.Value.mutants) {
            if ($folders[$folder].ContainsKey($m.status)) { $folders[$folder][$m.status]++ }
        }
    }
    $totalDetected = 0; $totalValid = 0
    foreach ($name in $folders.Keys) {
        $c = $folders[$name]
        $detected = $c.Killed + $c.Timeout
        $valid = $detected + $c.Survived + $c.NoCoverage
        $totalDetected += $detected; $totalValid += $valid
        if ($valid -gt 0) { Write-Host ('{0,-12} {1,6:F1}%  ({2} killed or timed out, {3} survived, {4} not covered)' -f $name, (100.0 * $detected / $valid), $detected, $c.Survived, $c.NoCoverage) }
    }
    if ($totalValid -gt 0) { Write-Host ('Mutation score (string literals excluded): {0:F1}%' -f (100.0 * $totalDetected / $totalValid)) }
    $html = Get-ChildItem -Path $output -Recurse -Filter 'mutation-report.html' | Select-Object -First 1
    Write-Host "Report: $($html.FullName)"
}

function Invoke-Clean {
    if (Test-Path $OutDir) { Remove-Item -Recurse -Force $OutDir }
    Get-ChildItem -Path (Join-Path $Root 'src'), (Join-Path $Root 'tests'), (Join-Path $Root 'tools'), (Join-Path $Root 'bench') -Directory -Recurse -Include bin, obj |
        Remove-Item -Recurse -Force
    Write-Host 'Cleaned out/, bin/ and obj/.'
}

# 'dotnet pwsh' finds the pinned tool from the repository folder, wherever build.ps1 was started from.
Push-Location $Root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Package' { $Configuration = 'Release'; Invoke-Package | Out-Null }
        'Mutation' { Invoke-Mutation }
        'Bench' { Invoke-Bench }
        'Clean' { Invoke-Clean }
    }
}
finally {
    Pop-Location
}
