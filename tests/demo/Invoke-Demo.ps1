<#
.SYNOPSIS
    The main job, end to end: start the local SAE emulator, import the staged module, update a secret, show the
    typed result and what the emulator stored, list secrets, rotate one key with a What-if first, and catch an error.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $EmulatorDll
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../SaeEmulator.psm1') -Force
$emulator = Start-SaeEmulator -EmulatorDll $EmulatorDll
try {
    Import-Module $ModulePath -Force
    Write-Host "SAE emulator at $($emulator.Url)"
    Write-Host "Module: $((Get-Module SaeSecret).Name) $((Get-Module SaeSecret).Version)"

    # The emulator's seeded demo key, given the way a user gives theirs (environment variables).
    $env:ALIBABA_CLOUD_ACCESS_KEY_ID = 'EmulatorKeyId'
    $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'EmulatorKeySecret-0123456789'

    $password = ConvertTo-SecureString 'pa55 wörd / 密码 🔐' -AsPlainText -Force
    Write-Host "`n> Update-SaeSecret -NamespaceId cn-beijing:test -SecretId 16 -SecretData @{ username = 'app'; password = <SecureString> } -Endpoint $($emulator.Url) -Verbose"
    $result = Update-SaeSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -SecretData @{ username = 'app'; password = $password } -Endpoint $emulator.Url -Verbose
    $result | Format-List | Out-String | Write-Host

    $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16
    Write-Host "The emulator now holds keys: $(($stored.Data.PSObject.Properties.Name | Sort-Object) -join ', ') (version $($stored.Version))"

    Write-Host "`n> Import-Csv secrets.csv | Update-SaeSecret -Endpoint ... (three records)"
    @(
        [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = '1'; SecretData = '{"api-key":"one"}' }
        [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = '2'; SecretData = '{"api-key":"two"}' }
        [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = '3'; SecretData = '{"api-key":"three"}' }
    ) | ConvertTo-Csv | ConvertFrom-Csv | Update-SaeSecret -Endpoint $emulator.Url | Format-Table -AutoSize | Out-String -Width 160 | Write-Host

    Write-Host '> Get-SaeSecret cn-beijing:test (names, types and the applications using each; no values)'
    Get-SaeSecret 'cn-beijing:test' -Endpoint $emulator.Url | Format-Table -AutoSize | Out-String -Width 160 | Write-Host

    $rotated = ConvertTo-SecureString 'n3w pa55 wörd' -AsPlainText -Force
    Write-Host "> Set-SaeSecret cn-beijing:test app-config @{ password = <SecureString> } -Merge -WhatIf"
    Set-SaeSecret 'cn-beijing:test' 'app-config' @{ password = $rotated } -Merge -Endpoint $emulator.Url -WhatIf
    Write-Host "`n> ... and for real: SAE gives new data only to new instances, so the applications are named"
    Set-SaeSecret 'cn-beijing:test' 'app-config' @{ password = $rotated } -Merge -Endpoint $emulator.Url | Format-Table -AutoSize | Out-String -Width 160 | Write-Host

    Write-Host '> A secret that does not exist, caught by its ErrorId:'
    try {
        Update-SaeSecret -NamespaceId 'cn-beijing:test' -SecretId 999 -SecretData @{ k = 'v' } -Endpoint $emulator.Url
    }
    catch {
        Write-Host "  FullyQualifiedErrorId: $($_.FullyQualifiedErrorId)"
        Write-Host "  Category:              $($_.CategoryInfo.Category)"
        Write-Host "  Message:               $($_.Exception.Message)"
    }
}
finally {
    Stop-SaeEmulator
}
