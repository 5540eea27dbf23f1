@{
    RootModule        = 'MinimalModule.dll'
    ModuleVersion     = '1.0.0'
    GUID              = 'a3b9d2f4-6c1e-4f7a-9d3b-5e8c2a1f0b77'
    CmdletsToExport   = @('Get-Minimal')
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
