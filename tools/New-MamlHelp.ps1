<#
.SYNOPSIS
    Turns the markdown help in docs/help/<Cmdlet>.md into the MAML file PowerShell's Get-Help reads
    (en-US/<assembly>-Help.xml), taking parameter facts (type, position, pipeline input, aliases) from the built
    cmdlets themselves so the two cannot disagree. platyPS does this elsewhere; it is not available here.
.NOTES
    Run in a child pwsh: it imports the staged module.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $SourceDirectory,
    [Parameter(Mandatory)][string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$module = Import-Module $ModulePath -PassThru
$common = [System.Management.Automation.PSCmdlet]::CommonParameters

# Reads one help markdown file into sections: Synopsis, Description, Examples, Parameters, Inputs, Outputs, Notes, Links.
function Read-HelpMarkdown([string] $Path) {
    $doc = @{ Synopsis = @(); Description = @(); Examples = [ordered]@{}; Parameters = [ordered]@{}; Inputs = [ordered]@{}; Outputs = [ordered]@{}; Notes = @(); Links = @() }
    $section = $null; $sub = $null; $inCode = $false
    foreach ($line in Get-Content -Path $Path -Encoding utf8) {
        if ($inCode) {
            if ($line -match '^```') { $inCode = $false; continue }
            $doc.Examples[$sub].Code += $line
            continue
        }
        if ($line -match '^## (.+)$') { $section = $Matches[1].Trim(); $sub = $null; continue }
        if ($line -match '^### (.+)$') {
            $sub = $Matches[1].Trim()
            switch ($section) {
                'EXAMPLES' { $doc.Examples[$sub] = @{ Code = @(); Remarks = @() } }
                'PARAMETERS' { $doc.Parameters[$sub.TrimStart('-')] = @() }
                'INPUTS' { $doc.Inputs[$sub] = @() }
                'OUTPUTS' { $doc.Outputs[$sub] = @() }
            }
            continue
        }
        if ($line -match '^```') { $inCode = $true; continue }
        switch ($section) {
            'SYNOPSIS' { $doc.Synopsis += $line }
            'DESCRIPTION' { $doc.Description += $line }
            'EXAMPLES' { if ($sub) { $doc.Examples[$sub].Remarks += $line } }
            'PARAMETERS' { if ($sub) { $doc.Parameters[$sub.TrimStart('-')] += $line } }
            'INPUTS' { if ($sub) { $doc.Inputs[$sub] += $line } }
            'OUTPUTS' { if ($sub) { $doc.Outputs[$sub] += $line } }
            'NOTES' { $doc.Notes += $line }
            'RELATED LINKS' { if ($line -match '^- (.+)$') { $doc.Links += $Matches[1].Trim() } }
        }
    }
    return $doc
}

# Blank lines separate paragraphs; lines within one are joined.
function Get-Paragraph([string[]] $Lines) {
    $paragraphs = @(); $current = @()
    foreach ($line in $Lines) {
        if ([string]::IsNullOrWhiteSpace($line)) {
            if ($current) { $paragraphs += ($current -join ' '); $current = @() }
        }
        else { $current += $line.Trim() }
    }
    if ($current) { $paragraphs += ($current -join ' ') }
    return $paragraphs
}

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$commandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$devNs = 'http://schemas.microsoft.com/maml/dev/2004/10'

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
New-Item -ItemType Directory -Force -Path (Split-Path $OutputPath) | Out-Null
$w = [System.Xml.XmlWriter]::Create($OutputPath, $settings)

function Write-Paragraphs([string[]] $Lines) {
    $w.WriteStartElement('maml', 'description', $maml)
    foreach ($p in (Get-Paragraph $Lines)) { $w.WriteElementString('maml', 'para', $maml, $p) }
    $w.WriteEndElement()
}

function Write-Parameter($Parameter, $SetMetadata, [string[]] $Description) {
    $pipeline = @()
    if ($SetMetadata.ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($SetMetadata.ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    $w.WriteStartElement('command', 'parameter', $commandNs)
    $w.WriteAttributeString('required', "$($SetMetadata.IsMandatory)".ToLowerInvariant())
    $w.WriteAttributeString('variableLength', 'true')
    $w.WriteAttributeString('globbing', 'false')
    $w.WriteAttributeString('pipelineInput', $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }))
    $w.WriteAttributeString('position', $(if ($SetMetadata.Position -ge 0) { "$($SetMetadata.Position)" } else { 'named' }))
    $w.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $w.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    Write-Paragraphs $Description
    if ($Parameter.ParameterType -ne [switch]) {
        $w.WriteStartElement('command', 'parameterValue', $commandNs)
        $w.WriteAttributeString('required', 'true')
        $w.WriteString($Parameter.ParameterType.Name)
        $w.WriteEndElement()
    }
    $w.WriteStartElement('dev', 'type', $devNs)
    $w.WriteElementString('maml', 'name', $maml, $Parameter.ParameterType.FullName)
    $w.WriteEndElement()
    $w.WriteEndElement()
}

# The connection parameters every API cmdlet shares (SaeApiCmdlet) are described once, in _SharedParameters.md; a
# cmdlet's own file may still describe one of them differently.
$sharedSource = Join-Path $SourceDirectory '_SharedParameters.md'
$shared = if (Test-Path $sharedSource) { (Read-HelpMarkdown $sharedSource).Parameters } else { [ordered]@{} }

$w.WriteStartDocument()
$w.WriteStartElement('helpItems', 'http://msh')
$w.WriteAttributeString('schema', 'maml')
foreach ($command in (Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)) {
    $source = Join-Path $SourceDirectory "$($command.Name).md"
    if (-not (Test-Path $source)) { throw "No help source for $($command.Name): $source" }
    $doc = Read-HelpMarkdown $source
    $parameters = $command.Parameters.Values | Where-Object { $common -notcontains $_.Name }
    foreach ($p in $parameters) {
        if (-not $doc.Parameters.Contains($p.Name) -and $shared.Contains($p.Name)) { $doc.Parameters[$p.Name] = $shared[$p.Name] }
        if (-not $doc.Parameters.Contains($p.Name)) { throw "$source does not describe the parameter -$($p.Name)." }
    }

    $w.WriteStartElement('command', 'command', $commandNs)
    $w.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $w.WriteAttributeString('xmlns', 'dev', $null, $devNs)
    $w.WriteStartElement('command', 'details', $commandNs)
    $w.WriteElementString('command', 'name', $commandNs, $command.Name)
    $w.WriteElementString('command', 'verb', $commandNs, $command.Verb)
    $w.WriteElementString('command', 'noun', $commandNs, $command.Noun)
    Write-Paragraphs $doc.Synopsis
    $w.WriteEndElement()
    Write-Paragraphs $doc.Description

    $w.WriteStartElement('command', 'syntax', $commandNs)
    foreach ($set in $command.ParameterSets) {
        $w.WriteStartElement('command', 'syntaxItem', $commandNs)
        $w.WriteElementString('maml', 'name', $maml, $command.Name)
        foreach ($sp in ($set.Parameters | Where-Object { $common -notcontains $_.Name } | Sort-Object { if ($_.Position -ge 0) { $_.Position } else { 1000 } })) {
            $meta = $command.Parameters[$sp.Name]
            # A parameter of every set is listed under __AllParameterSets, not under the set's own name.
            $setMeta = $meta.ParameterSets[$set.Name]
            if (-not $setMeta) { $setMeta = $meta.ParameterSets['__AllParameterSets'] }
            Write-Parameter $meta $setMeta $doc.Parameters[$sp.Name]
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'parameters', $commandNs)
    foreach ($p in $parameters) {
        $setMeta = @($p.ParameterSets.Values)[0]
        Write-Parameter $p $setMeta $doc.Parameters[$p.Name]
    }
    $w.WriteEndElement()

    foreach ($kind in @(@('inputTypes', 'inputType', $doc.Inputs), @('returnValues', 'returnValue', $doc.Outputs))) {
        $w.WriteStartElement('command', $kind[0], $commandNs)
        foreach ($typeName in $kind[2].Keys) {
            $w.WriteStartElement('command', $kind[1], $commandNs)
            $w.WriteStartElement('dev', 'type', $devNs)
            $w.WriteElementString('maml', 'name', $maml, $typeName)
            $w.WriteEndElement()
            Write-Paragraphs $kind[2][$typeName]
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
    }

    $w.WriteStartElement('maml', 'alertSet', $maml)
    $w.WriteStartElement('maml', 'alert', $maml)
    foreach ($p in (Get-Paragraph $doc.Notes)) { $w.WriteElementString('maml', 'para', $maml, $p) }
    $w.WriteEndElement()
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'examples', $commandNs)
    foreach ($title in $doc.Examples.Keys) {
        $w.WriteStartElement('command', 'example', $commandNs)
        $w.WriteElementString('maml', 'title', $maml, "-------------------------- $title --------------------------")
        $w.WriteElementString('dev', 'code', $devNs, ($doc.Examples[$title].Code -join "`n"))
        $w.WriteStartElement('dev', 'remarks', $devNs)
        foreach ($p in (Get-Paragraph $doc.Examples[$title].Remarks)) { $w.WriteElementString('maml', 'para', $maml, $p) }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'relatedLinks', $commandNs)
    foreach ($link in $doc.Links) {
        $w.WriteStartElement('maml', 'navigationLink', $maml)
        $w.WriteElementString('maml', 'linkText', $maml, $link)
        $w.WriteElementString('maml', 'uri', $maml, '')
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteEndElement()
}
$w.WriteEndElement()
$w.WriteEndDocument()
$w.Close()
Write-Host "Help: $OutputPath"
