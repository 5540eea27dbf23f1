# Dot-sourced by every *.Tests.ps1 in BeforeAll: the staged module, the emulator's admin helpers, the seeded keys.
Import-Module $env:SAESECRET_MODULE_PATH -Force
Import-Module (Join-Path $PSScriptRoot '../SaeEmulator.psm1') -Force

$script:EmulatorUrl = Get-SaeEmulatorUrl
$script:KeyId = 'EmulatorKeyId'
$script:KeySecret = 'EmulatorKeySecret-0123456789'
$script:Credential = [pscredential]::new($script:KeyId, (ConvertTo-SecureString $script:KeySecret -AsPlainText -Force))
$script:DeniedKeySecret = 'DeniedKeySecret-0123456789'
$script:WrongKeySecret = 'Wrong-AccessKeySecret-5c2a'

# Distinctive secret values the suites send; LeakScan.Tests.ps1 scans every output of every suite for them.
$script:SecretValues = @(
    'HygieneValue-7d1c-α', 'Second+Value/With=Chars~* ', '🔐秘密-hygiene', 'WhatIfValue-9f3e', 'p@ss-Distinct-41',
    '密码：秘密の鍵 비밀번호', 'pässwörd Ça déjà vu ñ', 'a+b/c=d~e*f g&h%20i?j#k', 's3cure-SecureString-77',
    # Rotation.Tests.ps1 (.env values)
    'EnvFileValue-3b7d=with#hash', "EnvMultiLine-91c2`nsecond line",
    # Lifecycle*.Tests.ps1
    'Lifecycle-PlainText-3b9d-ß', 'Lifecycle-Csv-5e21-ü', 'Lifecycle-Merge-8c4f', 'Lifecycle-New-0a6e'
)
$script:Connection = @{ Endpoint = $script:EmulatorUrl; Credential = $script:Credential }

# The module's process-wide memory (cached temporary credentials, which endpoints read SecretData from the query) is
# internal; tests reach it by reflection to start from a clean slate.
function Clear-SaeModuleState([switch] $Credentials, [switch] $SecretDataPlacement) {
    $assembly = [SaeSecret.SaeServiceException].Assembly
    $flags = [Reflection.BindingFlags]'Public,NonPublic,Static'
    if ($Credentials) { $assembly.GetType('SaeSecret.PowerShell.Credentials.TemporaryCredentialCache', $true).GetMethod('Clear', $flags).Invoke($null, @()) | Out-Null }
    if ($SecretDataPlacement) {
        $placement = $assembly.GetType('SaeSecret.PowerShell.Api.SecretDataPlacement', $true)
        $shared = $placement.GetProperty('Shared', $flags).GetValue($null)
        $placement.GetMethod('Clear').Invoke($shared, @()) | Out-Null
    }
}

function ConvertFrom-Base64Utf8([string] $Base64) {
    [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Base64))
}

function ConvertTo-Base64Utf8([string] $Text) {
    [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($Text))
}

# The forms a secret could leak in: as given, base64 of its UTF-8 bytes, and percent-encoded.
function Get-LeakForm([string] $Value) {
    @($Value, (ConvertTo-Base64Utf8 $Value), [uri]::EscapeDataString($Value)) | Select-Object -Unique
}

# Asserts none of the given secrets appears in the text, without ever printing a secret on failure.
function Assert-NoLeak {
    param([string[]] $Text, [string[]] $Secret, [string] $Where)
    $joined = $Text -join "`n"
    $i = 0
    foreach ($s in $Secret) {
        $i++
        foreach ($form in (Get-LeakForm $s)) {
            if ($joined.Contains($form)) { throw "Secret #$i leaked into $Where." }
        }
    }
}
