# Dot-sourced by every *.Tests.ps1 in BeforeAll: the staged module, the emulator's admin helpers, the seeded keys.
Import-Module $env:SAESECRET_MODULE_PATH -Force
Import-Module (Join-Path $PSScriptRoot '../SaeEmulator.psm1') -Force

$script:EmulatorUrl = Get-SaeEmulatorUrl
$script:KeyId = 'EmulatorKeyId'
$script:KeySecret = 'EmulatorKeySecret-0123456789'
$script:Credential = [pscredential]::new($script:KeyId, (ConvertTo-SecureString $script:KeySecret -AsPlainText -Force))
$script:DeniedKeySecret = 'DeniedKeySecret-0123456789'
$script:WrongKeySecret = 'Wrong-AccessKeySecret-5c2a'

# The values the lifecycle suites (Get-, New-, Set-, Update-, Remove-SaeSecret, Errors, SecretHygiene) store and look for.
$script:PlainValue = 'Lifecycle-PlainText-3b9d-ß'
$script:CsvValue = 'Lifecycle-Csv-5e21-ü'
$script:MergeValue = 'Lifecycle-Merge-8c4f'
$script:NewValue = 'Lifecycle-New-0a6e'

# Distinctive secret values the suites send; LeakScan.Tests.ps1 scans every output of every suite for them.
$script:SecretValues = @(
    'HygieneValue-7d1c-α', 'Second+Value/With=Chars~* ', '🔐秘密-hygiene', 'WhatIfValue-9f3e', 'p@ss-Distinct-41',
    '密码：秘密の鍵 비밀번호', 'pässwörd Ça déjà vu ñ', 'a+b/c=d~e*f g&h%20i?j#k', 's3cure-SecureString-77',
    # New-SaeSecretData.Tests.ps1 (.env values)
    'EnvFileValue-3b7d=with#hash', "EnvMultiLine-91c2`nsecond line",
    # The lifecycle values above
    $script:PlainValue, $script:CsvValue, $script:MergeValue, $script:NewValue,
    # ConvertFrom-/ConvertTo-SaeSecretManifest.Tests.ps1
    'TopSecret-Manifest-4d2a', 'TopSecret-RoundTrip-7c1e-ü'
)
$script:Connection = @{ Endpoint = $script:EmulatorUrl; Credential = $script:Credential }

# The class behind each cmdlet: the second half of its FullyQualifiedErrorIds.
$script:GetId = 'SaeSecret.PowerShell.Commands.GetSaeSecretCommand'
$script:NewId = 'SaeSecret.PowerShell.Commands.NewSaeSecretCommand'
$script:SetId = 'SaeSecret.PowerShell.Commands.SetSaeSecretCommand'
$script:UpdateId = 'SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand'
$script:RemoveId = 'SaeSecret.PowerShell.Commands.RemoveSaeSecretCommand'
$script:NamespaceCommandId = 'SaeSecret.PowerShell.Commands.GetSaeNamespaceCommand'
$script:CommandClass = @{
    'Get-SaeSecret'    = $script:GetId
    'New-SaeSecret'    = $script:NewId
    'Set-SaeSecret'    = $script:SetId
    'Update-SaeSecret' = $script:UpdateId
    'Remove-SaeSecret' = $script:RemoveId
}

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

# Runs the scriptblock, expects a terminating error, returns its ErrorRecord.
function Get-ErrorRecord([scriptblock] $Action) {
    try {
        & $Action | Out-Null
    }
    catch {
        return $_
    }
    throw 'Expected a terminating error, but the command succeeded.'
}

function ConvertFrom-SecureText([securestring] $Secure) { [Net.NetworkCredential]::new('', $Secure).Password }

# The SAE requests the emulator logged (not STS, metadata or admin calls), and their APIs in order.
function Get-SaeRequest { @(Get-SaeEmulatorRequest | Where-Object Service -EQ 'sae') }

function Get-SaeAction { @(Get-SaeRequest | ForEach-Object { $_.Headers.'x-acs-action' }) }

$script:WriteActions = 'CreateSecret', 'UpdateSecret', 'DeleteSecret'

function Get-WriteRequest { @(Get-SaeRequest | Where-Object { $_.Headers.'x-acs-action' -in $WriteActions }) }

# Every SAE request that is not a GET.
function Get-Writes { @(Get-SaeEmulatorRequest | Where-Object { $_.Service -eq 'sae' -and $_.Method -ne 'GET' }) }

# Everything the emulator holds in the namespaces (values, versions, apps), as one comparable text.
function Get-StoreText([string[]] $NamespaceId = @('cn-beijing:test', 'cn-hangzhou:prod', 'cn-beijing')) {
    $NamespaceId | ForEach-Object { Get-SaeEmulatorSecretList -NamespaceId $_ } | ConvertTo-Json -Depth 6 -Compress
}

# One stored value, decoded from base64 to text.
function Get-StoredText([string] $NamespaceId, [long] $SecretId, [string] $Key) {
    $stored = Get-SaeEmulatorSecret -NamespaceId $NamespaceId -SecretId $SecretId
    ConvertFrom-Base64Utf8 $stored.Data.$Key
}

# The "What if:" line a command writes, read from a transcript (the host writes it, not a stream).
function Get-WhatIfLine([scriptblock] $Command) {
    $transcript = Join-Path ([IO.Path]::GetTempPath()) "saesecret-whatif-$([guid]::NewGuid()).txt"
    Start-Transcript -Path $transcript | Out-Null
    try { & $Command | Out-Null } finally { Stop-Transcript | Out-Null }
    $lines = @(Get-Content $transcript | Where-Object { $_ -like 'What if:*' })
    Remove-Item $transcript
    $lines
}
