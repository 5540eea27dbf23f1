BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    # .NET reads HTTP_PROXY and friends once per process, so each case runs in a fresh pwsh with them set.
    $script:ChildScript = Join-Path ([IO.Path]::GetTempPath()) "saesecret-proxy-child-$PID.ps1"
    Set-Content -Path $ChildScript -Encoding utf8 -Value @'
param([string] $ModulePath, [string] $Endpoint, [string] $KeyId, [string] $KeySecret, [string] $CredentialsUri)
Import-Module $ModulePath
$credential = [pscredential]::new($KeyId, (ConvertTo-SecureString $KeySecret -AsPlainText -Force))
$outcomes = @()
try {
    $outcomes += (Update-SaeSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -SecretData @{ k = 'v1' } -Endpoint $Endpoint -Credential $credential -TimeoutSec 3 -MaxRetries 0 -ErrorAction Stop).Success
}
catch { $outcomes += $_.FullyQualifiedErrorId }
if ($CredentialsUri) {
    $env:ALIBABA_CLOUD_CREDENTIALS_URI = $CredentialsUri
    try {
        $outcomes += (Update-SaeSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -SecretData @{ k = 'v2' } -Endpoint $Endpoint -TimeoutSec 3 -MaxRetries 0 -ErrorAction Stop).Success
    }
    catch { $outcomes += $_.FullyQualifiedErrorId }
}
'OUTCOMES ' + ($outcomes -join ';')
'@

    # Runs the child with every proxy variable naming $ProxyUrl and no NO_PROXY; returns what each call ended in.
    function Invoke-WithProxy {
        param([string] $ProxyUrl, [string] $Endpoint, [string] $CredentialsUri = '')
        $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-File', $ChildScript,
                '-ModulePath', $env:SAESECRET_MODULE_PATH, '-Endpoint', $Endpoint, '-KeyId', $KeyId, '-KeySecret', $KeySecret,
                '-CredentialsUri', $CredentialsUri)) {
            $psi.ArgumentList.Add($a)
        }
        foreach ($name in 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy') { $psi.Environment[$name] = $ProxyUrl }
        foreach ($name in 'NO_PROXY', 'no_proxy') { $psi.Environment.Remove($name) | Out-Null }
        $psi.RedirectStandardOutput = $true
        $psi.UseShellExecute = $false
        $child = [System.Diagnostics.Process]::Start($psi)
        $output = $child.StandardOutput.ReadToEnd()
        if (-not $child.WaitForExit(120000)) { $child.Kill(); throw 'The child pwsh did not finish within 120 s.' }
        $line = ($output -split "`n" | Where-Object { $_ -like 'OUTCOMES *' } | Select-Object -Last 1)
        if (-not $line) { throw "The child pwsh printed no outcome (exit code $($child.ExitCode))." }
        @($line.Substring('OUTCOMES '.Length).Trim() -split ';')
    }

    # A "proxy" that only counts the connections made to it (it never answers).
    function New-RecordingProxy {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $listener
    }
}

AfterAll {
    Remove-Item -Path $ChildScript -ErrorAction SilentlyContinue
}

Describe 'Proxies: HTTP_PROXY / HTTPS_PROXY / ALL_PROXY are honoured for real endpoints, never for loopback' {
    BeforeEach { Reset-SaeEmulator }

    It 'calls to the emulator on 127.0.0.1, and the credentials URI there, go direct and never reach the proxy' {
        $proxy = New-RecordingProxy
        try {
            $outcomes = Invoke-WithProxy -ProxyUrl "http://127.0.0.1:$($proxy.LocalEndpoint.Port)" -Endpoint $EmulatorUrl `
                -CredentialsUri "$EmulatorUrl/_emulator/credentials-uri"

            $proxy.Pending() | Should -BeFalse -Because 'no connection may be made to the proxy for a loopback endpoint'
            $outcomes | Should -Be @('True', 'True')
            $stats = Get-SaeEmulatorStats
            $stats.SaeUpdatesApplied | Should -Be 2
            $stats.CredentialsUri | Should -Be 1
        }
        finally {
            $proxy.Stop()
        }
    }

    It 'a call to a real https endpoint goes through the proxy' {
        $proxy = New-RecordingProxy
        try {
            # The proxy never answers, so the call times out; what matters is that it was asked.
            $outcomes = Invoke-WithProxy -ProxyUrl "http://127.0.0.1:$($proxy.LocalEndpoint.Port)" -Endpoint 'https://sae.cn-beijing.aliyuncs.com'

            $proxy.Pending() | Should -BeTrue -Because 'HTTPS_PROXY is the way out for real endpoints'
            $outcomes | Should -Be @('RequestTimedOut,SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand')
        }
        finally {
            $proxy.Stop()
        }
    }
}
