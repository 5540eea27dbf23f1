BeforeDiscovery {
    Import-Module $env:SAESECRET_MODULE_PATH -Force
    $script:Cmdlets = @(Get-Command -Module SaeSecret -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters
    $script:ParameterCases = foreach ($c in Get-Command -Module SaeSecret -CommandType Cmdlet) {
        foreach ($p in $c.Parameters.Keys | Where-Object { $common -notcontains $_ }) { @{ Command = $c.Name; Parameter = $p } }
    }
    $script:ExampleCases = foreach ($c in Get-Command -Module SaeSecret -CommandType Cmdlet) {
        $i = 0
        foreach ($example in (Get-Help $c.Name).examples.example) {
            $i++
            @{ Command = $c.Name; Number = $i; Title = ($example.title -replace '^-+\s*|\s*-+$', ''); Code = $example.code }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'Get-Help <Name>' -ForEach $Cmdlets {
    BeforeAll { $help = Get-Help $Name -Full }

    It 'has a synopsis and a description of its own' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ([regex]::Escape("$Name ["))
        ($help.description.Text -join ' ').Length | Should -BeGreaterThan 100
    }

    It 'documents pipeline input, outputs, notes and related links' {
        $help.inputTypes.inputType.type.name | Should -Not -BeNullOrEmpty
        $help.returnValues.returnValue.type.name | Should -Not -BeNullOrEmpty
        ($help.alertSet.alert.Text -join ' ') | Should -Match 'ErrorId'
        $help.relatedLinks.navigationLink.linkText | Should -Contain 'about_SaeSecret'
    }

    It 'has examples with code and an explanation' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 1
        foreach ($e in $examples) {
            $e.code | Should -Not -BeNullOrEmpty
            ($e.remarks.Text -join ' ') | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'Get-Help Update-SaeSecret covers what users look for' {
    It 'has at least six examples, covering the documented scenarios' {
        $code = (Get-Help Update-SaeSecret).examples.example.code -join "`n"
        @((Get-Help Update-SaeSecret).examples.example).Count | Should -BeGreaterOrEqual 6
        $code | Should -Match 'SecureString'
        $code | Should -Match '-Base64Encoded'
        $code | Should -Match 'Import-Csv'
        $code | Should -Match 'New-SaeDockerConfigSecretData'
        $code | Should -Match 'catch'
        $code | Should -Match '-WhatIf'
    }

    It 'about_SaeSecret covers credentials, regions and endpoints, errors, retries and secret hygiene' {
        $about = Get-Help about_SaeSecret | Out-String
        foreach ($heading in 'CREDENTIALS', 'REGIONS AND ENDPOINTS', 'ERRORS', 'RETRIES', 'SECRET HYGIENE') {
            $about | Should -Match $heading
        }
    }
}

Describe 'Get-Help describes every parameter: <Command> -<Parameter>' -ForEach $ParameterCases {
    It 'has a description' {
        $p = Get-Help $Command -Parameter $Parameter
        ($p.description.Text -join ' ').Length | Should -BeGreaterThan 20
    }
}

Describe 'Every help example runs against the emulator' {
    BeforeAll {
        $work = Join-Path ([IO.Path]::GetTempPath()) "saesecret-examples-$PID"
        New-Item -ItemType Directory -Force -Path $work | Out-Null
        Set-Content -Path (Join-Path $work 'tls.crt') -Value "-----BEGIN CERTIFICATE-----`nMIIBexample`n-----END CERTIFICATE-----"
        Set-Content -Path (Join-Path $work 'tls.key') -Value "-----BEGIN PRIVATE KEY-----`nMIIEexample`n-----END PRIVATE KEY-----"
        Push-Location $work
        $savedDefaults = $PSDefaultParameterValues.Clone()
        $PSDefaultParameterValues['*-Sae*:Endpoint'] = $EmulatorUrl
        $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $KeyId
        $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $KeySecret
        # The interactive prompts in the examples, answered.
        Mock Read-Host { ConvertTo-SecureString 'typed-at-the-prompt' -AsPlainText -Force }
        Mock Get-Credential { [pscredential]::new('registry-user', (ConvertTo-SecureString 'registry-password' -AsPlainText -Force)) }
    }

    AfterAll {
        Pop-Location
        $PSDefaultParameterValues.Clear()
        foreach ($k in $savedDefaults.Keys) { $PSDefaultParameterValues[$k] = $savedDefaults[$k] }
        $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $null
        $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $null
    }

    BeforeEach { Reset-SaeEmulator }

    It '<Command> example <Number> (<Title>)' -TestCases $ExampleCases {
        $output = & ([scriptblock]::Create($Code))
        $requests = @(Get-SaeEmulatorRequest | Where-Object Service -EQ 'sae')
        $writes = @($requests | Where-Object Method -NE 'GET')
        if ($Code -match '-WhatIf') {
            $writes.Count | Should -Be 0 -Because '-WhatIf may read but never write'
        }
        elseif ($Code -match '(Get|New|Set|Update|Remove)-SaeSecret|Get-SaeNamespace') {
            $requests.Count | Should -BeGreaterOrEqual 1
            if ($Code -notmatch 'catch') {
                $requests | ForEach-Object { $_.Status | Should -Be 200 }
                if ($Code -notmatch 'Remove-SaeSecret') {
                    $output | Should -Not -BeNullOrEmpty
                }
            }
        }
        else {
            $output | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'The ErrorId catalog is documented' {
    BeforeAll {
        $script:HelpText = ((Get-Command -Module SaeSecret | ForEach-Object { Get-Help $_.Name -Full | Out-String -Width 400 }) +
            (Get-Help about_SaeSecret | Out-String -Width 400)) -join "`n"
    }

    It '<_> appears in the help' -ForEach @([SaeSecret.ErrorIds]::All()) {
        $HelpText | Should -Match ('\b' + [regex]::Escape($_) + '\b')
    }
}
