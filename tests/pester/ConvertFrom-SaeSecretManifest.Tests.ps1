# ConvertFrom-SaeSecretManifest: manifests made by kubectl (tests/SaeSecret.Tests/Data/manifests) from files and the
# pipeline, the rules and errors as a user meets them, applying a folder with Set-SaeSecret, and the YAML library:
# not loaded at import, and our own YamlDotNet even when a session already loaded an older one.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Data = (Resolve-Path (Join-Path $PSScriptRoot '../SaeSecret.Tests/Data/manifests')).Path
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "saesecret-manifests-$PID"
    $script:FromId = 'SaeSecret.PowerShell.Commands.ConvertFromSaeSecretManifestCommand'
    $script:Pwsh = Join-Path $PSHOME 'pwsh.dll'
    # Values that appear in test manifests here; none may show in output, errors, warnings or Verbose.
    $script:ManifestValues = @('TopSecret-Manifest-4d2a', 'not-a-real-password')

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

    function Get-Text([byte[]] $Bytes) { [Text.Encoding]::UTF8.GetString($Bytes) }

    # Runs a script in a fresh pwsh (no module, no YamlDotNet loaded) and returns its last line as an object.
    function Invoke-FreshPwsh([scriptblock] $Script, [object[]] $Arguments) {
        $output = & dotnet $Pwsh -NoProfile -NonInteractive -Command $Script -args $Arguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "The fresh pwsh failed ($LASTEXITCODE): $($output -join "`n")" }
        ($output | Select-Object -Last 1) | ConvertFrom-Json
    }
}

AfterAll {
    Set-Location ([IO.Path]::GetTempPath())
    if (Test-Path $Work) { Remove-Item -Recurse -Force $Work }
}

Describe 'ConvertFrom-SaeSecretManifest reads what kubectl writes' {
    BeforeEach { New-WorkFolder }
    AfterEach { Pop-Location }

    It 'reads -Path with wildcards: files in ordinal order, one object per Secret, other kinds skipped' {
        New-Item -ItemType Directory ./k8s | Out-Null
        Copy-Item (Join-Path $Data 'kubectl-tls.yaml') ./k8s/b-tls.yaml
        Copy-Item (Join-Path $Data 'kubectl-generic-literals.yaml') ./k8s/a-literals.yaml
        Copy-Item (Join-Path $Data 'handmade-get-list.yaml') ./k8s/c-list.yaml
        New-Item -ItemType Directory ./k8s/d-folder.yaml | Out-Null

        $secrets = @(ConvertFrom-SaeSecretManifest ./k8s/*.yaml -WarningAction SilentlyContinue)

        $secrets.SecretName | Should -Be @('app-literals', 'web-tls', 'db-credentials', 'registry-login')
        $secrets[0].GetType().FullName | Should -Be 'SaeSecret.SecretManifest'
        $secrets[0].NamespaceId | Should -Be 'cn-hangzhou:prod'
        $secrets[0].Source | Should -Be "'$(Join-Path $Work 'k8s/a-literals.yaml')', document 1"
        $secrets[1].SecretType | Should -Be 'kubernetes.io/tls'
        $secrets[2].Source | Should -Be "'$(Join-Path $Work 'k8s/c-list.yaml')', document 1, item 1"
        Get-Text $secrets[0].SecretData['password'] | Should -BeExactly 'p@ss w0rd#1'
        [Convert]::ToBase64String($secrets[1].SecretData['tls.key']) | Should -Be ([Convert]::ToBase64String([IO.File]::ReadAllBytes((Join-Path $Data 'tls.key'))))
    }

    It 'reads piped lines (Get-Content) and whole texts (Get-Content -Raw) alike, at the end of the input' {
        $file = Join-Path $Data 'kubectl-generic-files.yaml'
        $fromLines = Get-Content $file | ConvertFrom-SaeSecretManifest
        $fromRaw = Get-Content -Raw $file | ConvertFrom-SaeSecretManifest
        $fromPath = ConvertFrom-SaeSecretManifest -LiteralPath $file

        foreach ($secret in $fromLines, $fromRaw) {
            $secret.Source | Should -Be 'the piped text, document 1'
            [Convert]::ToBase64String($secret.SecretData['keystore.p12']) | Should -Be ([Convert]::ToBase64String($fromPath.SecretData['keystore.p12']))
        }
        [Convert]::ToBase64String($fromPath.SecretData['keystore.p12']) | Should -Be ([Convert]::ToBase64String([IO.File]::ReadAllBytes((Join-Path $Data 'binary.bin'))))
    }

    It 'reads what kubectl printed, line by line through the pipeline, as it reads the file' {
        # kubectl's output kept as test data (regenerate.sh), so the test needs no kubectl on the machine.
        $file = Join-Path $Data 'kubectl-generic-literals.yaml'
        $piped = @(Get-Content $file | ConvertFrom-SaeSecretManifest -NamespaceId cn-beijing:test)
        $fromPath = @(ConvertFrom-SaeSecretManifest -Path $file -NamespaceId cn-beijing:test)

        $piped.Count | Should -Be 1
        $piped[0].SecretName | Should -Be $fromPath[0].SecretName
        $piped[0].Source | Should -Be 'the piped text, document 1'
        @($piped[0].SecretData.Keys) | Should -Be @($fromPath[0].SecretData.Keys)
        foreach ($key in $fromPath[0].SecretData.Keys) {
            [Convert]::ToBase64String($piped[0].SecretData[$key]) -ceq [Convert]::ToBase64String($fromPath[0].SecretData[$key]) | Should -BeTrue -Because "key $key arrives byte for byte"
        }
    }

    It 'binds files piped from Get-ChildItem to -LiteralPath, and reads JSON and UTF-16 files' {
        Copy-Item (Join-Path $Data 'kubectl-generic.json') ./one.json
        $utf16 = Get-Content -Raw (Join-Path $Data 'kubectl-generic-untyped.yaml')
        [IO.File]::WriteAllText((Join-Path $Work 'two[1].yaml'), $utf16, [Text.UnicodeEncoding]::new($false, $true))

        $secrets = @(Get-ChildItem $Work -File | ConvertFrom-SaeSecretManifest)

        $secrets.SecretName | Should -Be @('app-json', 'app-untyped')
        $secrets[1].SecretType | Should -Be 'Opaque'
    }

    It 'shows key names, never values, in its default view and in Format-List' {
        $secret = ConvertFrom-SaeSecretManifest (Join-Path $Data 'handmade-get-list.yaml') -WarningAction SilentlyContinue | Select-Object -First 1
        $shown = ($secret | Out-String) + ($secret | Format-List * | Out-String) + $secret.ToString()

        $shown | Should -Match 'password, username'
        $shown | Should -Not -Match 'last-applied'
        Assert-NoLeak -Text $shown -Secret $ManifestValues -Where 'the SecretManifest view'
        Assert-NoLeak -Text $shown -Secret 'bm90LWEtcmVhbC1wYXNzd29yZA==' -Where 'the SecretManifest view'
    }

    It 'uses -NamespaceId over metadata.namespace, and metadata.namespace only where it is an SAE NamespaceId' {
        $list = Join-Path $Data 'handmade-get-list.yaml'

        $own = @(ConvertFrom-SaeSecretManifest $list -WarningAction SilentlyContinue -Verbose 4>&1)
        $given = @(ConvertFrom-SaeSecretManifest $list -NamespaceId cn-beijing:test -WarningAction SilentlyContinue)

        ($own | Where-Object { $_ -is [SaeSecret.SecretManifest] }).NamespaceId | Should -Be @($null, 'cn-hangzhou:prod')
        ($own | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "'$list', document 1, item 1, Secret 'db-credentials': metadata.namespace 'default' is not an SAE NamespaceId ('<region>' or '<region>:<name>'): ignored."
        $given.NamespaceId | Should -Be @('cn-beijing:test', 'cn-beijing:test')
        (Get-ErrorRecord { ConvertFrom-SaeSecretManifest $list -NamespaceId 'not a namespace' }).FullyQualifiedErrorId | Should -Be "NamespaceIdMalformed,$FromId"
    }

    It 'warns that immutable is ignored and skips other kinds with a Verbose line' {
        $records = @(ConvertFrom-SaeSecretManifest (Join-Path $Data 'handmade-get-list.yaml') -WarningVariable warnings -WarningAction SilentlyContinue -Verbose 4>&1)

        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike "*Secret 'db-credentials': immutable does not exist in SAE; it is ignored."
        ($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "'$(Join-Path $Data 'handmade-get-list.yaml')', document 1, item 2 is a ConfigMap 'web-settings', not a Secret: skipped."
    }
}

Describe 'ConvertFrom-SaeSecretManifest stops on bad input before anything is written' {
    BeforeEach { New-WorkFolder }
    AfterEach { Pop-Location }

    It '<ErrorId>: <Case>' -TestCases @(
        @{ Case = 'a data value that is not base64'; ErrorId = 'SecretDataValueNotBase64'; Body = "data:`n  password: 'TopSecret-Manifest-4d2a'"; Says = "Secret 'app': data key 'password' is not base64" }
        @{ Case = 'an invalid key'; ErrorId = 'SecretDataKeyInvalid'; Body = "stringData:`n  'pass word': TopSecret-Manifest-4d2a"; Says = "Secret 'app', stringData: SecretData key 'pass word'" }
        @{ Case = 'an unsupported type'; ErrorId = 'SecretTypeInvalid'; Body = "type: kubernetes.io/basic-auth`nstringData:`n  password: TopSecret-Manifest-4d2a"; Says = "type 'kubernetes.io/basic-auth' is not one SAE has" }
        @{ Case = 'a Secret without data'; ErrorId = 'SecretDataEmpty'; Body = 'type: Opaque'; Says = "Secret 'app' has no data" }
        @{ Case = 'a key without a value'; ErrorId = 'SecretDataValueNull'; Body = "stringData:`n  password:"; Says = "key 'password' has no value" }
        @{ Case = 'a tls Secret without tls.key'; ErrorId = 'SecretDataRequiredKeyMissing'; Body = "type: kubernetes.io/tls`ndata:`n  tls.crt: Yw=="; Says = 'tls.key' }
    ) {
        Copy-Item (Join-Path $Data 'kubectl-generic-literals.yaml') ./a-good.yaml
        Set-Content ./b-bad.yaml "apiVersion: v1`nkind: ConfigMap`nmetadata:`n  name: cm`n---`napiVersion: v1`nkind: Secret`nmetadata:`n  name: app`n$Body"
        $emitted = [Collections.Generic.List[object]]::new()

        $record = Get-ErrorRecord { ConvertFrom-SaeSecretManifest ./*.yaml | ForEach-Object { $emitted.Add($_) } }

        $emitted.Count | Should -Be 0 -Because 'nothing is written before everything is checked'
        $record.FullyQualifiedErrorId | Should -Be "$ErrorId,$FromId"
        $record.Exception.ErrorId | Should -Be $ErrorId
        $record.Exception.Message | Should -BeLike "'$(Join-Path $Work 'b-bad.yaml')', document 2*$Says*"
        Assert-NoLeak -Text ($record | Out-String), $record.Exception.Message -Secret $ManifestValues -Where 'the error'
    }

    It '<ErrorId>: <Case>' -TestCases @(
        @{ Case = 'a Secret without a name'; ErrorId = 'ManifestInvalid'; Text = "apiVersion: v1`nkind: Secret`ndata:`n  a: Yg=="; Says = 'document 1 is a Secret without metadata.name' }
        @{ Case = 'an invalid name'; ErrorId = 'SecretNameInvalid'; Text = "apiVersion: v1`nkind: Secret`nmetadata:`n  name: my.app`ndata:`n  a: Yg=="; Says = "document 1, Secret 'my.app': SecretName 'my.app' is not valid" }
        @{ Case = 'a document that is not valid YAML'; ErrorId = 'ManifestYamlInvalid'; Text = "a: b`n---`nkind: Secret`nstringData:`n  password: `"TopSecret-Manifest-4d2a"; Says = 'document 2: Not valid YAML at line 5, column 13: While scanning a quoted scalar, found unexpected end of stream.' }
        @{ Case = 'a key given twice'; ErrorId = 'ManifestYamlInvalid'; Text = "kind: Secret`nkind: Secret"; Says = "document 1: Not valid YAML at line 2, column 1: The key 'kind' appears twice in one mapping." }
        @{ Case = 'a document without kind'; ErrorId = 'ManifestInvalid'; Text = "apiVersion: v1`nmetadata:`n  name: x"; Says = 'document 1 has no kind' }
        @{ Case = 'the same Secret twice'; ErrorId = 'ManifestSecretDuplicate'; Text = "apiVersion: v1`nkind: Secret`nmetadata: {name: a}`ndata: {k: Yg==}`n---`napiVersion: v1`nkind: Secret`nmetadata: {name: a}`ndata: {k: Yw==}"; Says = "document 2, Secret 'a' is there twice" }
    ) {
        Set-Content ./bad.yaml $Text

        $record = Get-ErrorRecord { ConvertFrom-SaeSecretManifest ./bad.yaml }

        $record.FullyQualifiedErrorId | Should -Be "$ErrorId,$FromId"
        $record.Exception.Message | Should -BeLike "'./bad.yaml', $Says*"
        Assert-NoLeak -Text ($record | Out-String) -Secret $ManifestValues -Where 'the error'
    }

    It 'a missing file, a folder, and text that is not UTF-8' {
        New-Item -ItemType Directory ./folder | Out-Null
        [IO.File]::WriteAllBytes((Join-Path $Work 'latin1.yaml'), [byte[]](0x6B, 0x3A, 0x20, 0xE9, 0x0A))

        (Get-ErrorRecord { ConvertFrom-SaeSecretManifest ./missing.yaml }).FullyQualifiedErrorId | Should -Be "ManifestFileNotFound,$FromId"
        (Get-ErrorRecord { ConvertFrom-SaeSecretManifest ./folder }).Exception.Message | Should -BeLike "'./folder' is a folder, not a manifest file*"
        (Get-ErrorRecord { ConvertFrom-SaeSecretManifest ./latin1.yaml }).FullyQualifiedErrorId | Should -Be "ManifestYamlInvalid,$FromId"
        ConvertFrom-SaeSecretManifest ./nothing-*.yaml -WarningVariable warned -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        "$warned" | Should -Be "No file matches './nothing-*.yaml'."
    }

    It 'refuses a file over 4 MiB without parsing it, and piped text over 4 MiB as it arrives' {
        $stream = [IO.File]::Create((Join-Path $Work 'big.yaml'))
        try { $stream.SetLength(4MB + 1) } finally { $stream.Dispose() }

        $file = Get-ErrorRecord { ConvertFrom-SaeSecretManifest ./big.yaml }
        $piped = Get-ErrorRecord { 1..5 | ForEach-Object { "# " + ('x' * 1MB) } | ConvertFrom-SaeSecretManifest }

        $file.FullyQualifiedErrorId | Should -Be "ManifestTooLarge,$FromId"
        $file.Exception.Message | Should -BeLike "'./big.yaml' is 4,194,305 bytes; a manifest may have at most 4,194,304 (4 MiB)*"
        $piped.FullyQualifiedErrorId | Should -Be "ManifestTooLarge,$FromId"
        $piped.CategoryInfo.Category | Should -Be 'LimitsExceeded'
    }

    It 'refuses a "billion laughs" without expanding it' {
        $lines = @('apiVersion: v1', 'kind: Secret', 'metadata: {name: lol}', 'data:', '  a: &a0 "bG9s"')
        $lines += 1..9 | ForEach-Object { "  l$($_): &a$($_) [" + ((@("*a$($_ - 1)") * 10) -join ', ') + ']' }
        Set-Content ./lol.yaml $lines

        $record = Get-ErrorRecord { ConvertFrom-SaeSecretManifest ./lol.yaml }

        $record.FullyQualifiedErrorId | Should -Be "ManifestTooLarge,$FromId"
        $record.Exception.Message | Should -BeLike "'./lol.yaml', document 1: Its aliases expand the text beyond 4,194,304 (characters of text plus one per node); reading stopped after * parser events.*"
        [long]($record.Exception.Message -replace '.*reading stopped after ([\d,]+) parser events.*', '$1' -replace ',', '') | Should -BeLessThan 250
    }
}

Describe 'ConvertFrom-SaeSecretManifest | Set-SaeSecret applies a folder' {
    BeforeEach {
        Reset-SaeEmulator
        New-WorkFolder
        New-Item -ItemType Directory ./k8s | Out-Null
        Copy-Item (Join-Path $Data 'kubectl-generic-files.yaml') ./k8s/files.yaml
        Copy-Item (Join-Path $Data 'kubectl-docker-registry.yaml') ./k8s/registry.yaml
        Copy-Item (Join-Path $Data 'kubectl-generic-envfile.yaml') ./k8s/env.yaml
    }
    AfterEach { Pop-Location }

    It 'applies every Secret in the namespace given to Set-SaeSecret (over metadata.namespace), binary values byte for byte, then finds nothing to change' {
        $results = @(ConvertFrom-SaeSecretManifest ./k8s/*.yaml | Set-SaeSecret -NamespaceId cn-beijing:test @Connection -WarningAction SilentlyContinue)

        $results.SecretName | Should -Be @('app-env', 'app-files', 'registry-login')
        $results.NamespaceId | Should -Be @('cn-beijing:test', 'cn-beijing:test', 'cn-beijing:test')
        # registry-login is already in cn-beijing:test (the emulator's seed): updated; the others are new.
        $results.Action | Should -Be @('Created', 'Created', 'Updated')
        $results.SecretType | Should -Be @('Opaque', 'Opaque', 'kubernetes.io/dockerconfigjson')
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod' | Where-Object Name -EQ 'app-env') | Should -BeNullOrEmpty
        $files = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId ($results | Where-Object SecretName -EQ 'app-files').SecretId
        $files.Data.'keystore.p12' | Should -BeExactly ([Convert]::ToBase64String([IO.File]::ReadAllBytes((Join-Path $Data 'binary.bin'))))

        $again = @(ConvertFrom-SaeSecretManifest ./k8s/*.yaml | Set-SaeSecret -NamespaceId cn-beijing:test @Connection)
        $again.Action | Should -Be @('Unchanged', 'Unchanged', 'Unchanged')
    }

    It 'uses metadata.namespace when Set-SaeSecret has no -NamespaceId, and New-SaeSecret takes the objects too' {
        $created = ConvertFrom-SaeSecretManifest ./k8s/env.yaml | New-SaeSecret @Connection

        $created.NamespaceId | Should -Be 'cn-hangzhou:prod'
        $created.SecretName | Should -Be 'app-env'
        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-hangzhou:prod' -SecretId $created.SecretId
        ConvertFrom-Base64Utf8 $stored.Data.API_URL | Should -BeExactly 'https://api.example.com/v1?x=1'
    }

    It 'a Secret without any namespace is not applied anywhere' {
        $record = Get-ErrorRecord { ConvertFrom-SaeSecretManifest ./k8s/files.yaml | Set-SaeSecret @Connection -ErrorAction Stop }

        $record.Exception | Should -Not -BeNullOrEmpty
        Get-SaeAction | Should -BeNullOrEmpty
    }

    It 'sends nothing when one file of the folder is bad' {
        Set-Content ./k8s/zz-bad.yaml "apiVersion: v1`nkind: Secret`nmetadata:`n  name: bad`ndata:`n  k: '%%%'"

        $record = Get-ErrorRecord { ConvertFrom-SaeSecretManifest ./k8s/*.yaml | Set-SaeSecret -NamespaceId cn-beijing:test @Connection }

        $record.Exception.ErrorId | Should -Be 'SecretDataValueNotBase64'
        Get-SaeAction | Should -BeNullOrEmpty
    }
}

Describe 'The YAML library: loaded on first use, and our own YamlDotNet whatever the session holds' {
    BeforeAll {
        $script:OlderYamlDotNet = Join-Path $PSScriptRoot '../../out/test-assemblies/YamlDotNet-11.2.1/YamlDotNet.dll'
        $script:Manifest = Join-Path $Data 'kubectl-generic-files.yaml'
        # What a fresh session reports: the YamlDotNet and SaeSecret.Yaml/.LoadContext assemblies loaded, each with its load context.
        $script:Report = {
            [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'YamlDotNet', 'SaeSecret.Yaml', 'SaeSecret.LoadContext' } | ForEach-Object {
                '{0} {1} in {2}' -f $_.GetName().Name, $_.GetName().Version, [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).GetType().Name
            } | Sort-Object
        }
    }

    It 'Import-Module loads neither YamlDotNet nor the engine nor its load context, nor do Get-Command and Get-Help' {
        $outcome = Invoke-FreshPwsh -Arguments $env:SAESECRET_MODULE_PATH, $Report.ToString() {
            param($Module, $Report)
            $ErrorActionPreference = 'Stop'
            Import-Module $Module
            $null = Get-Command ConvertFrom-SaeSecretManifest, ConvertTo-SaeSecretManifest -Syntax
            $null = Get-Help ConvertFrom-SaeSecretManifest -Full
            [pscustomobject]@{ Loaded = @(& ([scriptblock]::Create($Report))) } | ConvertTo-Json -Compress
        }

        @($outcome.Loaded) | Should -BeNullOrEmpty
    }

    It 'a conversion loads both into SaeSecret''s private load context' {
        $outcome = Invoke-FreshPwsh -Arguments $env:SAESECRET_MODULE_PATH, $Report.ToString(), $Manifest {
            param($Module, $Report, $Manifest)
            $ErrorActionPreference = 'Stop'
            Import-Module $Module
            $secret = ConvertFrom-SaeSecretManifest -LiteralPath $Manifest
            [pscustomobject]@{ Name = $secret.SecretName; Loaded = @(& ([scriptblock]::Create($Report))) } | ConvertTo-Json -Compress
        }

        $outcome.Name | Should -Be 'app-files'
        $outcome.Loaded | Should -Be @('SaeSecret.LoadContext 0.1.0.0 in DefaultAssemblyLoadContext', 'SaeSecret.Yaml 0.1.0.0 in DependencyLoadContext', 'YamlDotNet 18.0.0.0 in DependencyLoadContext')
    }

    It 'converts correctly in a session that loaded YamlDotNet 11.2.1 first, which keeps working too' {
        Test-Path $OlderYamlDotNet | Should -BeTrue -Because 'build.ps1 copies YamlDotNet 11.2.1 to out/test-assemblies'
        $expected = (Get-Content -Raw $Manifest).Replace("  creationTimestamp: null`n", '')

        $outcome = Invoke-FreshPwsh -Arguments $env:SAESECRET_MODULE_PATH, $Report.ToString(), $Manifest, (Resolve-Path $OlderYamlDotNet).Path {
            param($Module, $Report, $Manifest, $Older)
            $ErrorActionPreference = 'Stop'
            # What a module bringing an older YamlDotNet does at import (powershell-yaml ships one): load it, and use it.
            Add-Type -Path $Older
            $before = [YamlDotNet.RepresentationModel.YamlStream]::new()
            $before.Load([IO.StringReader]::new("older: [1, 2]"))
            Import-Module $Module
            $text = ConvertFrom-SaeSecretManifest -LiteralPath $Manifest | ConvertTo-SaeSecretManifest -AsPlainText
            $after = [YamlDotNet.RepresentationModel.YamlStream]::new()
            $after.Load([IO.StringReader]::new("still: works"))
            [pscustomobject]@{
                Text        = $text
                OlderWorks  = $after.Documents.Count -eq 1 -and $before.Documents.Count -eq 1
                TypeVersion = [YamlDotNet.RepresentationModel.YamlStream].Assembly.GetName().Version.ToString()
                Loaded      = @(& ([scriptblock]::Create($Report)))
            } | ConvertTo-Json -Compress
        }

        $outcome.Text | Should -BeExactly $expected
        $outcome.OlderWorks | Should -BeTrue
        $outcome.TypeVersion | Should -Be '11.0.0.0'
        $outcome.Loaded | Should -Be @('SaeSecret.LoadContext 0.1.0.0 in DefaultAssemblyLoadContext', 'SaeSecret.Yaml 0.1.0.0 in DependencyLoadContext', 'YamlDotNet 11.0.0.0 in DefaultAssemblyLoadContext', 'YamlDotNet 18.0.0.0 in DependencyLoadContext')
    }

    It 'an older YamlDotNet loaded after a conversion works beside ours' {
        $outcome = Invoke-FreshPwsh -Arguments $env:SAESECRET_MODULE_PATH, $Manifest, (Resolve-Path $OlderYamlDotNet).Path {
            param($Module, $Manifest, $Older)
            $ErrorActionPreference = 'Stop'
            Import-Module $Module
            $first = ConvertFrom-SaeSecretManifest -LiteralPath $Manifest
            Add-Type -Path $Older
            $stream = [YamlDotNet.RepresentationModel.YamlStream]::new()
            $stream.Load([IO.StringReader]::new("older: [1, 2]"))
            $second = ConvertFrom-SaeSecretManifest -LiteralPath $Manifest
            [pscustomobject]@{ Names = @($first.SecretName, $second.SecretName); Older = $stream.Documents.Count } | ConvertTo-Json -Compress
        }

        $outcome.Names | Should -Be @('app-files', 'app-files')
        $outcome.Older | Should -Be 1
    }
}
