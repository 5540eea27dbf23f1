BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Feed = $env:SAESECRET_PACKAGE_FEED
    $script:Pwsh = Join-Path $PSHOME 'pwsh.dll'
}

Describe 'The package the Gallery would receive' {
    It 'exists and carries the manifest, the assemblies, the format file and the help' {
        $Feed | Should -Not -BeNullOrEmpty -Because 'build.ps1 -Task Test publishes the package before Pester runs'
        $package = Get-ChildItem -Path $Feed -Filter 'SaeSecret.*.nupkg'
        @($package).Count | Should -Be 1
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($package.FullName)
        try { $entries = $zip.Entries.FullName } finally { $zip.Dispose() }
        foreach ($file in 'SaeSecret.psd1', 'SaeSecret.PowerShell.dll', 'Newtonsoft.Json.dll', 'SaeSecret.Format.ps1xml', 'Dependencies/SaeSecret.Yaml.dll', 'Dependencies/YamlDotNet.dll', 'Dependencies/SaeSecret.LoadContext.dll',
            'en-US/SaeSecret.PowerShell.dll-Help.xml', 'en-US/about_SaeSecret.help.txt', 'LICENSE', 'CHANGELOG.md') {
            $entries | Should -Contain $file
        }
    }

    It 'installs with Install-PSResource into a clean module path and Update-SaeSecret works without Import-Module' {
        $home_ = Join-Path ([IO.Path]::GetTempPath()) "saesecret-install-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory -Path $home_ | Out-Null
        $script = {
            param($Feed, $Url, $KeyId, $KeySecret)
            $ErrorActionPreference = 'Stop'
            Register-PSResourceRepository -Name LocalFeed -Uri $Feed -Trusted
            Install-PSResource -Name SaeSecret -Repository LocalFeed -Scope CurrentUser -TrustRepository -Quiet
            if (Get-Module SaeSecret) { throw 'SaeSecret was loaded before it was called.' }
            $credential = [pscredential]::new($KeyId, (ConvertTo-SecureString $KeySecret -AsPlainText -Force))
            $result = Update-SaeSecret cn-beijing:test 16 @{ installed = 'from-the-package' } -Endpoint $Url -Credential $credential
            [pscustomobject]@{
                Success    = $result.Success
                TypeName   = $result.GetType().FullName
                ModuleBase = (Get-Module SaeSecret).ModuleBase
                Version    = "$((Get-Module SaeSecret).Version)"
            } | ConvertTo-Json -Compress
        }
        $savedHome = $env:HOME
        $savedModulePath = $env:PSModulePath
        try {
            # A clean user: its own HOME (so its own CurrentUser module folder) and no inherited module path.
            $env:HOME = $home_
            $env:PSModulePath = $null
            $json = & dotnet $Pwsh -NoProfile -NonInteractive -Command $script -args $Feed, $EmulatorUrl, $KeyId, $KeySecret
        }
        finally {
            $env:HOME = $savedHome
            $env:PSModulePath = $savedModulePath
        }
        $LASTEXITCODE | Should -Be 0
        $outcome = ($json | Select-Object -Last 1) | ConvertFrom-Json
        $outcome.Success | Should -BeTrue
        $outcome.TypeName | Should -Be 'SaeSecret.UpdateSecretResult'
        $outcome.ModuleBase | Should -BeLike "$home_*"
        $outcome.Version | Should -Be ((Import-PowerShellDataFile $env:SAESECRET_MODULE_PATH).ModuleVersion)
        ConvertFrom-Base64Utf8 (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Data.installed | Should -Be 'from-the-package'
        Remove-Item -Recurse -Force $home_
    }

    It 'passes Test-ModuleManifest with the metadata the Gallery shows' {
        $manifest = Test-ModuleManifest -Path $env:SAESECRET_MODULE_PATH
        $data = Import-PowerShellDataFile $env:SAESECRET_MODULE_PATH
        $manifest.ExportedCmdlets.Keys | Sort-Object | Should -Be @('ConvertFrom-SaeSecretManifest', 'ConvertTo-SaeSecretManifest', 'Get-SaeCallerIdentity', 'Get-SaeChangeOrder', 'Get-SaeNamespace', 'Get-SaeSecret', 'New-SaeDockerConfigSecretData', 'New-SaeSecret',
            'New-SaeSecretData', 'New-SaeTlsSecretData', 'Remove-SaeSecret', 'Restart-SaeApplication', 'Set-SaeSecret', 'Update-SaeSecret', 'Wait-SaeChangeOrder')
        # Every cmdlet the assembly defines is exported, and nothing else.
        @(Get-Command -Module SaeSecret -CommandType Cmdlet).Name | Sort-Object | Should -Be ($manifest.ExportedCmdlets.Keys | Sort-Object)
        $data.FunctionsToExport | Should -BeNullOrEmpty
        $data.VariablesToExport | Should -BeNullOrEmpty
        $data.AliasesToExport | Should -BeNullOrEmpty
        $data.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $data.PowerShellVersion | Should -Be '5.1'
        foreach ($field in 'Author', 'CompanyName', 'Copyright', 'Description') { $data[$field] | Should -Not -BeNullOrEmpty }
        foreach ($tag in 'Alibaba', 'AlibabaCloud', 'Aliyun', 'SAE', 'Secret', 'Serverless', 'Kubernetes', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS') {
            $data.PrivateData.PSData.Tags | Should -Contain $tag
        }
        # No public home yet: a ProjectUri or LicenseUri would point at a repository that does not exist.
        $data.PrivateData.PSData.Keys | Should -Not -Contain 'ProjectUri'
        $data.PrivateData.PSData.Keys | Should -Not -Contain 'LicenseUri'
        $data.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
        # No FileList (Import-Module would resolve each entry, ~0.7 ms apiece): the package test above checks that the
        # package carries LICENSE and the format file, and the staged module has them beside the manifest.
        $data.Keys | Should -Not -Contain 'FileList'
        Test-Path (Join-Path (Split-Path $env:SAESECRET_MODULE_PATH) 'LICENSE') | Should -BeTrue
        # The table view ships with the module and is loaded on first use (see ResultFormat.cs), not at import.
        Test-Path (Join-Path (Split-Path $env:SAESECRET_MODULE_PATH) 'SaeSecret.Format.ps1xml') | Should -BeTrue
    }

    It 'stamps one version into the manifest and the assembly' {
        $manifestVersion = [version](Import-PowerShellDataFile $env:SAESECRET_MODULE_PATH).ModuleVersion
        $assembly = [SaeSecret.UpdateSecretResult].Assembly.GetName().Version
        $assembly.ToString(3) | Should -Be $manifestVersion.ToString(3)
        $manifestVersion | Should -Not -Be ([version]'0.0.0')
    }
}
