# What every cmdlet declares, checked over all of them at once: parameter sets, [OutputType], what binds from the
# pipeline, the shared connection parameters, ShouldProcess and ConfirmImpact, and the -RegionId completer.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'The lifecycle cmdlets as commands' {
    It '<Name>: parameter sets <Sets>, default <Default>' -TestCases @(
        @{ Name = 'Get-SaeSecret'; Sets = @('Describe', 'List'); Default = 'List' }
        @{ Name = 'New-SaeSecret'; Sets = @('__AllParameterSets'); Default = $null }
        @{ Name = 'Set-SaeSecret'; Sets = @('__AllParameterSets'); Default = $null }
        @{ Name = 'Update-SaeSecret'; Sets = @('__AllParameterSets'); Default = $null }
        @{ Name = 'Remove-SaeSecret'; Sets = @('__AllParameterSets'); Default = $null }
        @{ Name = 'Get-SaeNamespace'; Sets = @('__AllParameterSets'); Default = $null }
    ) {
        $command = Get-Command $Name
        @($command.ParameterSets.Name | Sort-Object) | Should -Be $Sets
        $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].DefaultParameterSetName | Should -Be $Default
    }

    It '<Name> declares [OutputType] <Types> for parameter set <Set>' -TestCases @(
        @{ Name = 'Get-SaeSecret'; Set = 'List'; Types = @('SaeSecret.SecretInfo') }
        @{ Name = 'Get-SaeSecret'; Set = 'Describe'; Types = @('SaeSecret.Secret') }
        @{ Name = 'New-SaeSecret'; Set = '__AllParameterSets'; Types = @('SaeSecret.SecretInfo') }
        @{ Name = 'Set-SaeSecret'; Set = '__AllParameterSets'; Types = @('SaeSecret.SetSecretResult') }
        @{ Name = 'Update-SaeSecret'; Set = '__AllParameterSets'; Types = @('SaeSecret.UpdateSecretResult') }
        @{ Name = 'Remove-SaeSecret'; Set = '__AllParameterSets'; Types = @('System.Void') }
        @{ Name = 'Get-SaeNamespace'; Set = '__AllParameterSets'; Types = @('SaeSecret.SaeNamespace') }
    ) {
        $attributes = (Get-Command $Name).ImplementingType.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $false)
        $forSet = @($attributes | Where-Object { $_.ParameterSetName -contains $Set -or $_.ParameterSetName -contains '__AllParameterSets' })
        @($forSet.Type.Name | Sort-Object) | Should -Be $Types
    }

    It '<Name> binds exactly <Bound> from the pipeline by property name' -TestCases @(
        @{ Name = 'Get-SaeSecret'; Bound = @('NamespaceId', 'RegionId', 'SecretId') }
        @{ Name = 'New-SaeSecret'; Bound = @('NamespaceId', 'RegionId', 'SecretData', 'SecretName', 'SecretType') }
        @{ Name = 'Set-SaeSecret'; Bound = @('NamespaceId', 'RegionId', 'SecretData', 'SecretName', 'SecretType') }
        @{ Name = 'Update-SaeSecret'; Bound = @('NamespaceId', 'RegionId', 'SecretData', 'SecretId') }
        @{ Name = 'Remove-SaeSecret'; Bound = @('NamespaceId', 'RegionId', 'SecretId') }
        @{ Name = 'Get-SaeNamespace'; Bound = @('RegionId') }
    ) {
        $command = Get-Command $Name
        $byName = foreach ($parameter in $command.Parameters.Values) {
            $attributes = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
            if ($attributes | Where-Object ValueFromPipelineByPropertyName) { $parameter.Name }
            $attributes | Where-Object ValueFromPipeline | Should -BeNullOrEmpty -Because "$($parameter.Name) must not take whole pipeline objects"
        }
        @($byName | Sort-Object) | Should -Be $Bound
    }

    It '<Name>: -Endpoint is taken only from the command line, in every parameter set' -TestCases @(
        @{ Name = 'Get-SaeSecret' }, @{ Name = 'New-SaeSecret' }, @{ Name = 'Set-SaeSecret' }
        @{ Name = 'Update-SaeSecret' }, @{ Name = 'Remove-SaeSecret' }, @{ Name = 'Get-SaeNamespace' }
    ) {
        $endpoint = (Get-Command $Name).Parameters['Endpoint']
        $endpoint.ParameterType | Should -Be ([uri])
        $endpoint.ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Not -Contain $true
        $endpoint.ParameterSets.Values.ValueFromPipeline | Should -Not -Contain $true
    }

    It '<Name> shares the connection parameters' -TestCases @(
        @{ Name = 'Get-SaeSecret' }, @{ Name = 'New-SaeSecret' }, @{ Name = 'Set-SaeSecret' }
        @{ Name = 'Update-SaeSecret' }, @{ Name = 'Remove-SaeSecret' }, @{ Name = 'Get-SaeNamespace' }
    ) {
        $parameters = (Get-Command $Name).Parameters
        foreach ($shared in 'RegionId', 'Endpoint', 'Credential', 'SecurityToken', 'ProfileName', 'MaxRetries', 'TimeoutSec') {
            $parameters.Keys | Should -Contain $shared
        }
        $parameters['Credential'].ParameterType | Should -Be ([pscredential])
        $parameters['SecurityToken'].ParameterType | Should -Be ([securestring])
    }

    It '<Name>: ShouldProcess <Supports>, ConfirmImpact <Impact>' -TestCases @(
        @{ Name = 'Get-SaeSecret'; Supports = $false; Impact = 'Medium' }
        @{ Name = 'Get-SaeNamespace'; Supports = $false; Impact = 'Medium' }
        @{ Name = 'New-SaeSecret'; Supports = $true; Impact = 'Medium' }
        @{ Name = 'Set-SaeSecret'; Supports = $true; Impact = 'Medium' }
        @{ Name = 'Update-SaeSecret'; Supports = $true; Impact = 'Medium' }
        @{ Name = 'Remove-SaeSecret'; Supports = $true; Impact = 'High' }
    ) {
        $meta = [System.Management.Automation.CommandMetadata]::new((Get-Command $Name))
        $meta.SupportsShouldProcess | Should -Be $Supports
        if ($Supports) { $meta.ConfirmImpact | Should -Be $Impact }
        (Get-Command $Name).Parameters.Keys -contains 'WhatIf' | Should -Be $Supports
    }
}

Describe 'Shell niceties' {
    It 'completes -RegionId from the known regions' {
        $line = 'Update-SaeSecret -RegionId cn-h'
        $matches_ = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $matches_ | Should -Be @('cn-hangzhou', 'cn-heyuan', 'cn-hongkong')
    }

    It 'declares an output type on every cmdlet' {
        foreach ($command in Get-Command -Module SaeSecret -CommandType Cmdlet) {
            $command.OutputType | Should -Not -BeNullOrEmpty -Because "$($command.Name) should declare [OutputType]"
        }
    }
}
