@{
    # ModuleVersion is stamped from Directory.Build.props (SaeSecretVersion) by build.ps1 when it stages the module.
    RootModule             = 'SaeSecret.PowerShell.dll'
    ModuleVersion          = '0.0.0'
    GUID                   = '6f0f3c8e-5b1e-4a55-9a57-2f8d1c3e7b41'
    Author                 = 'SaeSecret contributors'
    CompanyName            = 'SaeSecret contributors'
    Copyright              = '(c) 2026 SaeSecret contributors. MIT License.'
    Description            = 'Manage Kubernetes-style Secrets in Alibaba Cloud Serverless App Engine (SAE) from PowerShell: list, describe, create, apply by name, update (replace or merge) and remove secrets, and list namespaces. Signs its API calls itself (ACS3-HMAC-SHA256), takes hashtables, SecureStrings and pipeline input, and emits typed results or errors keyed by the service ErrorCode.'
    CompatiblePSEditions   = @('Core', 'Desktop')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    RequiredAssemblies     = @('Newtonsoft.Json.dll')
    CmdletsToExport        = @('Get-SaeSecret', 'New-SaeSecret', 'Set-SaeSecret', 'Update-SaeSecret', 'Remove-SaeSecret', 'Get-SaeNamespace', 'New-SaeSecretData', 'New-SaeDockerConfigSecretData', 'New-SaeTlsSecretData', 'Restart-SaeApplication', 'Get-SaeChangeOrder', 'Wait-SaeChangeOrder', 'Get-SaeCallerIdentity', 'ConvertFrom-SaeSecretManifest', 'ConvertTo-SaeSecretManifest')
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    # SaeSecret.Format.ps1xml (the table views of the result types) is loaded by the API cmdlets on first use in a
    # runspace, not through FormatsToProcess: that would make every Import-Module rebuild PowerShell's format table.
    # Dependencies/ holds the YAML engine of the manifest cmdlets and its YamlDotNet, loaded on first use into a private
    # load context (PowerShell 7), never at import and never where PowerShell probes for assemblies.
    # No FileList: Import-Module resolves every entry through the file system provider, about 0.7 ms each (7 ms of a
    # 73 ms import for the 10 files); the package carries the files whether they are listed or not.
    PrivateData            = @{
        PSData = @{
            Tags         = @('Alibaba', 'AlibabaCloud', 'Aliyun', 'SAE', 'Secret', 'Serverless', 'Kubernetes', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
