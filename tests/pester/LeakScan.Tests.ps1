BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    # Credentials.Tests.ps1's OIDC token is a secret too; STS keys the emulator issues cannot be known here.
    $script:AllSecrets = $SecretValues + $KeySecret + $DeniedKeySecret + $WrongKeySecret + 'eyJ-oidc-token-Distinct-5e1f7a'

    # Runs the suites again in a child process (Verbose, Debug, transcript, $Error dump) and returns what to scan.
    function Invoke-NestedRun([string] $Name, [string[]] $Exclude, [string] $SecretDataLocation) {
        $work = Join-Path ([IO.Path]::GetTempPath()) "saesecret-leakscan-$PID-$Name"
        New-Item -ItemType Directory -Force -Path $work | Out-Null
        $transcriptPath = Join-Path $work 'transcript.txt'
        $resultPath = Join-Path $work 'nested-results.xml'
        $suites = Get-ChildItem -Path $PSScriptRoot -Filter '*.Tests.ps1' | Where-Object Name -NotIn (@('LeakScan.Tests.ps1') + $Exclude) | ForEach-Object FullName
        $pester = (Get-Module Pester).Path -replace '\.psm1$', '.psd1'
        $arguments = @('-PesterManifest', $pester, '-TranscriptPath', $transcriptPath, '-ResultPath', $resultPath, '-TestPath', ($suites -join ';'))
        if ($SecretDataLocation) { $arguments += '-SecretDataLocation', $SecretDataLocation }
        $output = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'LeakScan.Run.ps1') @arguments 2>&1 | Out-String
        # Colour sequences would make a failure message unwritable in the NUnit report.
        $output = $output -replace "\x1b\[[0-9;?]*[A-Za-z]", '' -replace "[\x00-\x08\x0B\x0C\x0E-\x1F]", ''
        [pscustomobject]@{
            Output        = $output
            Transcript    = Get-Content -Raw $transcriptPath
            NestedResults = Get-Content -Raw $resultPath
        }
    }
}

Describe 'Leak scan (<Mode>): every suite again with -Verbose -Debug, a transcript, $Error and -ErrorVariable' -ForEach @(
    @{ Mode = 'the emulator reads either form'; Name = 'either'; Exclude = @(); SecretDataLocation = $null }
    # Here every UpdateSecret after the first sends SecretData in the URL's query: the form that could leak through URLs.
    @{ Mode = 'the emulator reads only the query'; Name = 'query'; Exclude = @('Package.Tests.ps1', 'Help.Tests.ps1'); SecretDataLocation = 'Query' }
) {
    BeforeAll {
        $run = Invoke-NestedRun -Name $Name -Exclude $Exclude -SecretDataLocation $SecretDataLocation
        $script:Output = $run.Output
        $script:Transcript = $run.Transcript
        $script:NestedResults = $run.NestedResults
    }

    It 'the nested run of every suite passed' {
        $Output | Should -Match 'NESTED-RUN passed=\d+ failed=0'
        $Output | Should -Not -Match 'NESTED-RUN passed=0 '
    }

    It 'the nested run really wrote Verbose and Debug output and error records to scan' {
        $Transcript | Should -Match 'VERBOSE: UpdateSecret PUT'
        $Transcript | Should -Match 'DEBUG: Credentials:'
        $Transcript | Should -Match 'What if:'
        $Output | Should -Match 'FullyQualifiedErrorId'
        $Output | Should -Match 'SignatureDoesNotMatch'
        if ($SecretDataLocation -eq 'Query') {
            $Transcript | Should -Match 'did not read SecretData from the request body \(MissingSecretData\)'
            $Transcript | Should -Match 'in the request query \(this endpoint did not read it from the body earlier\)'
        }
    }

    It 'no secret value or access key secret appears in <Where> (plain, base64 or URL-encoded)' -TestCases @(
        @{ Where = 'the transcript'; Part = 'Transcript' }
        @{ Where = 'the console output and the $Error dump'; Part = 'Output' }
        @{ Where = 'the nested test results'; Part = 'NestedResults' }
    ) {
        $text = Get-Variable -Name $Part -ValueOnly
        $text.Length | Should -BeGreaterThan 1000
        Assert-NoLeak -Text $text -Secret $AllSecrets -Where $Where
    }
}
