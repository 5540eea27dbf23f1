# ConvertTo-SaeSecretManifest: the manifest kubectl would print, -AsPlainText required, owner-only -Path files, and the
# round trip Get-SaeSecret -> ConvertTo -> ConvertFrom -> Set-SaeSecret -WhatIf that finds nothing to change.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Data = (Resolve-Path (Join-Path $PSScriptRoot '../SaeSecret.Tests/Data/manifests')).Path
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "saesecret-manifests-to-$PID"
    $script:ToId = 'SaeSecret.PowerShell.Commands.ConvertToSaeSecretManifestCommand'
    $script:RoundTripValue = 'TopSecret-RoundTrip-7c1e-ü'
    [byte[]] $script:Binary = @(0..255) + @(0xFF, 0xFE, 0x00, 0xD7, 0x6D, 0xF8)
    $script:WriteActions = 'CreateSecret', 'UpdateSecret', 'DeleteSecret'

    function New-WorkFolder {
        if (Test-Path $Work) { Remove-Item -Recurse -Force $Work }
        New-Item -ItemType Directory -Path $Work | Out-Null
        Push-Location $Work
    }

    function Get-ErrorRecord([scriptblock] $Action) {
        try {
            & $Action | Out-Null
        }
        catch {
            return $_
        }
        throw 'Expected a terminating error, but the command succeeded.'
    }

    function Get-SaeRequest { @(Get-SaeEmulatorRequest | Where-Object Service -EQ 'sae') }

    function Get-SaeAction { @(Get-SaeRequest | ForEach-Object { $_.Headers.'x-acs-action' }) }

    function Get-KubectlText([string] $Name) { (Get-Content -Raw (Join-Path $Data $Name)).Replace("  creationTimestamp: null`n", '') }
}

AfterAll {
    Set-Location ([IO.Path]::GetTempPath())
    if (Test-Path $Work) { Remove-Item -Recurse -Force $Work }
}

Describe 'ConvertTo-SaeSecretManifest writes what kubectl prints' {
    It 'for <File>, byte for byte (less the creationTimestamp: null of a dry run)' -TestCases @(
        @{ File = 'kubectl-generic-literals.yaml' }
        @{ File = 'kubectl-generic-envfile.yaml' }
        @{ File = 'kubectl-generic-files.yaml' }
        @{ File = 'kubectl-docker-registry.yaml' }
        @{ File = 'kubectl-tls.yaml' }
        @{ File = 'kubectl-key-order.yaml' }
        @{ File = 'kubectl-long-keys.yaml' }
        @{ File = 'kubectl-namespaces.yaml' }
    ) {
        $text = ConvertFrom-SaeSecretManifest (Join-Path $Data $File) | ConvertTo-SaeSecretManifest -AsPlainText

        $text | Should -BeOfType ([string])
        $text -ceq (Get-KubectlText $File) | Should -BeTrue -Because "$File as kubectl printed it"
    }

    It 'writes several secrets as one text of --- separated documents, the namespace left out when unknown' {
        $text = @(
            [pscustomobject]@{ SecretName = 'one'; SecretData = @{ a = 'b' } }
            [pscustomobject]@{ NamespaceId = 'cn-beijing'; SecretName = 'two'; SecretType = 'Tls'; SecretData = '{"tls.crt":"c","tls.key":"k"}' }
        ) | ConvertTo-SaeSecretManifest -AsPlainText

        @($text).Count | Should -Be 1
        $text | Should -BeExactly ("apiVersion: v1`ndata:`n  a: Yg==`nkind: Secret`nmetadata:`n  name: one`ntype: Opaque`n---`n" +
            "apiVersion: v1`ndata:`n  tls.crt: Yw==`n  tls.key: aw==`nkind: Secret`nmetadata:`n  name: two`n  namespace: cn-beijing`ntype: kubernetes.io/tls`n")
    }

    It 'names keys in Verbose, never values' {
        $records = @(ConvertTo-SaeSecretManifest -SecretName app -SecretData @{ password = $RoundTripValue } -AsPlainText -Verbose 4>&1)

        $verbose = ($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $verbose | Should -Be 'Secret app (Opaque), keys: password'
        Assert-NoLeak -Text $verbose -Secret $RoundTripValue -Where 'Verbose'
    }
}

Describe 'ConvertTo-SaeSecretManifest refuses before any output' {
    BeforeEach { Reset-SaeEmulator }

    It 'without -AsPlainText: ManifestPlainTextRequired, naming the switch, before Get-SaeSecret even reads' {
        $record = Get-ErrorRecord { Get-SaeSecret cn-beijing:test 16 @Connection | ConvertTo-SaeSecretManifest }

        $record.FullyQualifiedErrorId | Should -Be "ManifestPlainTextRequired,$ToId"
        $record.Exception.Message | Should -Match '-AsPlainText'
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-SaeAction | Should -BeNullOrEmpty
    }

    It '<ErrorId> for <Case>, and nothing of the good secrets before it' -TestCases @(
        @{ Case = 'a value of an unsupported type'; ErrorId = 'SecretDataValueUnsupported'; Bad = @{ SecretName = 'bad'; SecretData = @{ k = [datetime]::Now } } }
        @{ Case = 'a null value'; ErrorId = 'SecretDataValueNull'; Bad = @{ SecretName = 'bad'; SecretData = @{ k = $null } } }
        @{ Case = 'an invalid key'; ErrorId = 'SecretDataKeyInvalid'; Bad = @{ SecretName = 'bad'; SecretData = @{ 'a b' = 'v' } } }
        @{ Case = 'an invalid name'; ErrorId = 'SecretNameInvalid'; Bad = @{ SecretName = 'my.app'; SecretData = @{ k = 'v' } } }
        @{ Case = 'an unknown type'; ErrorId = 'SecretTypeInvalid'; Bad = @{ SecretName = 'bad'; SecretType = 'kubernetes.io/basic-auth'; SecretData = @{ k = 'v' } } }
        @{ Case = 'a tls secret without tls.key'; ErrorId = 'SecretDataRequiredKeyMissing'; Bad = @{ SecretName = 'bad'; SecretType = 'Tls'; SecretData = @{ 'tls.crt' = 'c' } } }
        @{ Case = 'no data'; ErrorId = 'SecretDataEmpty'; Bad = @{ SecretName = 'bad'; SecretData = @{} } }
        @{ Case = 'a malformed namespace'; ErrorId = 'NamespaceIdMalformed'; Bad = @{ NamespaceId = 'prod'; SecretName = 'bad'; SecretData = @{ k = 'v' } } }
        @{ Case = 'a namespace no manifest can hold'; ErrorId = 'NamespaceIdMalformed'; Bad = @{ NamespaceId = "cn-x:a$([char]0xD800)"; SecretName = 'bad'; SecretData = @{ k = 'v' } } }
    ) {
        $emitted = [Collections.Generic.List[object]]::new()
        $good = [pscustomobject]@{ SecretName = 'good'; SecretData = @{ password = $RoundTripValue } }

        $record = Get-ErrorRecord { $good, [pscustomobject]$Bad | ConvertTo-SaeSecretManifest -AsPlainText | ForEach-Object { $emitted.Add($_) } }

        $emitted.Count | Should -Be 0
        $record.FullyQualifiedErrorId | Should -Be "$ErrorId,$ToId"
        Assert-NoLeak -Text ($record | Out-String) -Secret $RoundTripValue -Where 'the error'
    }
}

Describe 'ConvertTo-SaeSecretManifest -Path' {
    BeforeEach { New-WorkFolder }
    AfterEach { Pop-Location }

    It 'writes a new file only its owner can read (0600), and emits nothing' -Skip:$IsWindows {
        $output = ConvertTo-SaeSecretManifest -SecretName app -SecretData @{ password = $RoundTripValue } -AsPlainText -Path ./backup.yaml

        $output | Should -BeNullOrEmpty
        [IO.File]::GetUnixFileMode((Join-Path $Work 'backup.yaml')) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        (ConvertFrom-SaeSecretManifest ./backup.yaml).SecretName | Should -Be 'app'
    }

    It 'refuses to replace a file unless -Force, and -Force leaves an owner-only file' {
        Set-Content ./backup.yaml 'keep me'
        if (-not $IsWindows) { [IO.File]::SetUnixFileMode((Join-Path $Work 'backup.yaml'), [IO.UnixFileMode]'UserRead, UserWrite, GroupRead, OtherRead') }

        $record = Get-ErrorRecord { ConvertTo-SaeSecretManifest -SecretName app -SecretData @{ k = 'v' } -AsPlainText -Path ./backup.yaml }

        $record.FullyQualifiedErrorId | Should -Be "ManifestFileExists,$ToId"
        $record.Exception.Message | Should -Match '-Force'
        Get-Content ./backup.yaml | Should -Be 'keep me'

        ConvertTo-SaeSecretManifest -SecretName app -SecretData @{ k = 'v' } -AsPlainText -Path ./backup.yaml -Force | Should -BeNullOrEmpty
        (Get-Content -Raw ./backup.yaml) | Should -Match 'name: app'
        if (-not $IsWindows) { [IO.File]::GetUnixFileMode((Join-Path $Work 'backup.yaml')) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite') }
    }

    It 'refuses a folder, and checks before reading any input' {
        New-Item -ItemType Directory ./folder | Out-Null
        Set-Content ./taken.yaml 'keep me'
        Reset-SaeEmulator

        (Get-ErrorRecord { ConvertTo-SaeSecretManifest -SecretName app -SecretData @{ k = 'v' } -AsPlainText -Path ./folder }).FullyQualifiedErrorId |
            Should -Be "ManifestFileExists,$ToId"
        (Get-ErrorRecord { Get-SaeSecret cn-beijing:test 16 @Connection | ConvertTo-SaeSecretManifest -AsPlainText -Path ./taken.yaml }).FullyQualifiedErrorId |
            Should -Be "ManifestFileExists,$ToId"
        Get-SaeAction | Should -BeNullOrEmpty
    }

    It 'refuses a path on another PowerShell drive instead of writing a file of that name in the process folder' {
        $saved = [Environment]::CurrentDirectory
        [Environment]::CurrentDirectory = $Work
        try {
            $record = Get-ErrorRecord { ConvertTo-SaeSecretManifest -SecretName app -SecretData @{ password = $RoundTripValue } -AsPlainText -Path Env:SAESECRET_MANIFEST_OUT }
        }
        finally {
            [Environment]::CurrentDirectory = $saved
        }

        $record.FullyQualifiedErrorId | Should -Be "ManifestFileWriteFailed,$ToId"
        $record.Exception.Message | Should -Be "-Path 'Env:SAESECRET_MANIFEST_OUT' is not a file-system path (it names the Environment provider). (Parameter 'Path')"
        Join-Path $Work 'SAESECRET_MANIFEST_OUT' | Should -Not -Exist
        $env:SAESECRET_MANIFEST_OUT | Should -BeNullOrEmpty
    }

    It 'does not write a file when a secret is bad, nor when there is no secret' {
        $null = Get-ErrorRecord { ConvertTo-SaeSecretManifest -SecretName app -SecretData @{ k = $null } -AsPlainText -Path ./bad.yaml }
        @() | ConvertTo-SaeSecretManifest -AsPlainText -Path ./none.yaml -WarningVariable warned -WarningAction SilentlyContinue

        Test-Path ./bad.yaml | Should -BeFalse
        Test-Path ./none.yaml | Should -BeFalse
        "$warned" | Should -Be 'No secret was given: ./none.yaml was not written.'
    }
}

Describe 'Round trip: Get-SaeSecret -> ConvertTo -> ConvertFrom -> Set-SaeSecret -WhatIf finds nothing to change' {
    BeforeAll {
        Reset-SaeEmulator
        $data = [ordered]@{
            'keystore.p12' = $Binary
            password       = ConvertTo-SecureString $RoundTripValue -AsPlainText -Force
            'config.json'  = '{"level": 3}'
            empty          = ''
            bom            = [byte[]](0xEF, 0xBB, 0xBF, 0x61)
        }
        $script:Seeded = New-SaeSecret cn-beijing:test round-trip $data @Connection
        New-SaeSecret cn-beijing:test round-trip-tls @{ 'tls.crt' = [byte[]](1, 2, 3); 'tls.key' = 'k' } -SecretType Tls @Connection | Out-Null
    }
    BeforeEach { New-WorkFolder }
    AfterEach { Pop-Location }

    It 'through the pipeline, with SecureString values, binary values included' {
        $before = (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId $Seeded.SecretId).Data | ConvertTo-Json -Compress
        $requestsBefore = @(Get-SaeRequest).Count

        $results = Get-SaeSecret cn-beijing:test $Seeded.SecretId @Connection |
            ConvertTo-SaeSecretManifest -AsPlainText |
            ConvertFrom-SaeSecretManifest |
            Set-SaeSecret -WhatIf @Connection

        $results.Action | Should -Be 'Unchanged'
        $results.SecretName | Should -Be 'round-trip'
        $actions = @(Get-SaeRequest | Select-Object -Skip $requestsBefore | ForEach-Object { $_.Headers.'x-acs-action' })
        $actions | Where-Object { $_ -in $WriteActions } | Should -BeNullOrEmpty
        (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId $Seeded.SecretId).Data | ConvertTo-Json -Compress | Should -BeExactly $before
    }

    It 'through an owner-only file, for a whole namespace, with -AsPlainText values' {
        Get-SaeSecret cn-beijing:test @Connection | Get-SaeSecret -AsPlainText @Connection | ConvertTo-SaeSecretManifest -AsPlainText -Path ./backup.yaml
        $requestsBefore = @(Get-SaeRequest).Count

        $results = @(ConvertFrom-SaeSecretManifest ./backup.yaml | Set-SaeSecret -WhatIf @Connection)

        $results.Count | Should -Be 5
        $results.Action | Sort-Object -Unique | Should -Be 'Unchanged'
        @(Get-SaeRequest | Select-Object -Skip $requestsBefore | Where-Object { $_.Headers.'x-acs-action' -in $WriteActions }) | Should -BeNullOrEmpty
        Assert-NoLeak -Text ($results | Out-String) -Secret $RoundTripValue -Where 'the results'
    }

    It 'keeps a namespace with spaces and punctuation' {
        $namespace = "cn-hangzhou:ns with space*~!'()"
        $requestsBefore = @(Get-SaeRequest).Count

        $text = Get-SaeSecret $namespace -SecretName spaced-secret @Connection | Get-SaeSecret @Connection | ConvertTo-SaeSecretManifest -AsPlainText
        $result = $text | ConvertFrom-SaeSecretManifest | Set-SaeSecret -WhatIf @Connection

        $result.NamespaceId | Should -BeExactly $namespace
        $result.Action | Should -Be 'Unchanged'
        @(Get-SaeRequest | Select-Object -Skip $requestsBefore | Where-Object { $_.Headers.'x-acs-action' -in $WriteActions }) | Should -BeNullOrEmpty
    }

    It 'a changed value is seen as a change' {
        $text = Get-SaeSecret cn-beijing:test $Seeded.SecretId @Connection | ConvertTo-SaeSecretManifest -AsPlainText
        $changed = $text -replace '(?m)^  empty: ""$', '  empty: eA=='

        $result = $changed | ConvertFrom-SaeSecretManifest | Set-SaeSecret -WhatIf @Connection -WarningAction SilentlyContinue

        $result | Should -BeNullOrEmpty -Because '-WhatIf writes no result for a change it would make'
    }
}
