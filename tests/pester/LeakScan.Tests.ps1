BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $work = Join-Path ([IO.Path]::GetTempPath()) "saesecret-leakscan-$PID"
    New-Item -ItemType Directory -Force -Path $work | Out-Null
    $script:TranscriptPath = Join-Path $work 'transcript.txt'
    $script:ResultPath = Join-Path $work 'nested-results.xml'
    $suites = Get-ChildItem -Path $PSScriptRoot -Filter '*.Tests.ps1' | Where-Object Name -NE 'LeakScan.Tests.ps1' | ForEach-Object FullName
    $pester = (Get-Module Pester).Path -replace '\.psm1$', '.psd1'
    $script:Output = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'LeakScan.Run.ps1') `
        -PesterManifest $pester -TranscriptPath $TranscriptPath -ResultPath $ResultPath -TestPath ($suites -join ';') 2>&1 | Out-String
    $script:Transcript = Get-Content -Raw $TranscriptPath
    $script:NestedResults = Get-Content -Raw $ResultPath
    # Credentials.Tests.ps1's OIDC token is a secret too; STS keys the emulator issues cannot be known here.
    $script:AllSecrets = $SecretValues + $KeySecret + $DeniedKeySecret + $WrongKeySecret + 'eyJ-oidc-token-Distinct-5e1f7a'
}

Describe 'Leak scan: every suite again with -Verbose -Debug, a transcript, $Error and -ErrorVariable' {
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
    }

    It 'no secret value or access key secret appears in <Where> (plain, base64 or URL-encoded)' -TestCases @(
        @{ Where = 'the transcript'; Name = 'Transcript' }
        @{ Where = 'the console output and the $Error dump'; Name = 'Output' }
        @{ Where = 'the nested test results'; Name = 'NestedResults' }
    ) {
        $text = Get-Variable -Name $Name -ValueOnly
        $text.Length | Should -BeGreaterThan 1000
        Assert-NoLeak -Text $text -Secret $AllSecrets -Where $Where
    }
}
