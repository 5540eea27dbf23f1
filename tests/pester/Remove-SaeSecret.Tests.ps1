# Remove-SaeSecret: -Force, -Confirm and -WhatIf, the applications and jobs that hold a secret, and the pipelines that
# feed it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    # Runs the script in a runspace of its own, with no host: a confirmation prompt there fails (HostFunctionNotImplemented).
    function Invoke-WithoutHost([string] $Script, [object[]] $Arguments) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:SAESECRET_MODULE_PATH).AddStatement().AddScript($Script)
            foreach ($argument in $Arguments) { $null = $ps.AddArgument($argument) }
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = @($output); Errors = @($ps.Streams.Error) }
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Remove-SaeSecret' {
    BeforeEach { Reset-SaeEmulator }

    It '-Force deletes without asking and writes nothing' {
        $output = @(Remove-SaeSecret -NamespaceId 'cn-hangzhou:prod' -SecretId 5 -Force @Connection)

        $output.Count | Should -Be 0
        Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod' | ForEach-Object SecretId | Should -Not -Contain '5'
        (Get-SaeEmulatorStats).SaeDeletesApplied | Should -Be 1
        $delete = Get-SaeRequest | Select-Object -Last 1
        $delete.Method | Should -Be 'DELETE'
        $delete.Headers.'x-acs-action' | Should -Be 'DeleteSecret'
        $delete.Query.NamespaceId | Should -Be 'cn-hangzhou:prod'
        $delete.Query.SecretId | Should -Be '5'
    }

    It 'in a host that cannot ask: -Force deletes; without it, or with -Force -Confirm, the prompt fails and nothing is sent' {
        $script = 'param($Endpoint, $Credential, $Id, $Extra) Remove-SaeSecret -NamespaceId cn-hangzhou:prod -SecretId $Id -Endpoint $Endpoint -Credential $Credential @Extra'
        $asked = Invoke-WithoutHost $script @($EmulatorUrl, $Credential, 5, @{})
        $confirmed = Invoke-WithoutHost $script @($EmulatorUrl, $Credential, 6, @{ Force = $true; Confirm = $true })
        $forced = Invoke-WithoutHost $script @($EmulatorUrl, $Credential, 7, @{ Force = $true })
        $noConfirm = Invoke-WithoutHost $script @($EmulatorUrl, $Credential, 8, @{ Confirm = $false })

        $asked.Errors.Count | Should -Be 1
        $asked.Errors[0].FullyQualifiedErrorId | Should -Be "HostFunctionNotImplemented,$RemoveId"
        $confirmed.Errors.Count | Should -Be 1
        $confirmed.Errors[0].FullyQualifiedErrorId | Should -Be "HostFunctionNotImplemented,$RemoveId"
        $forced.Errors.Count | Should -Be 0
        $noConfirm.Errors.Count | Should -Be 0
        $remaining = @(Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod').SecretId
        $remaining | Should -Contain '5'
        $remaining | Should -Contain '6'
        $remaining | Should -Not -Contain '7'
        $remaining | Should -Not -Contain '8'
        @(Get-SaeRequest).Query.SecretId | Should -Be @('7', '8')
    }

    It '-WhatIf wins over -Force, as does $WhatIfPreference: nothing is sent' {
        Remove-SaeSecret 'cn-hangzhou:prod' 5 -WhatIf @Connection
        Remove-SaeSecret 'cn-hangzhou:prod' 6 -WhatIf -Force @Connection
        & {
            $WhatIfPreference = $true
            Remove-SaeSecret 'cn-hangzhou:prod' 7 -Force @Connection
        }
        @(Get-SaeRequest).Count | Should -Be 0
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod').Count | Should -Be 20
    }

    It '-WhatIf -Force names the secret it would delete' {
        $transcript = Join-Path ([IO.Path]::GetTempPath()) "saesecret-lifecycle-whatif-$([guid]::NewGuid()).txt"
        Start-Transcript -Path $transcript | Out-Null
        try {
            Remove-SaeSecret 'cn-hangzhou:prod' 5 -WhatIf -Force @Connection
        }
        finally {
            Stop-Transcript | Out-Null
        }
        $text = Get-Content -Raw $transcript
        Remove-Item $transcript
        $text | Should -Match 'What if: .*"cn-hangzhou:prod/5"'
    }

    It 'a secret used by applications: DependencyViolation.Application names them; deleted once they let go' {
        $record = Get-ErrorRecord { Remove-SaeSecret 'cn-beijing:test' 16 -Force @Connection }
        $record.FullyQualifiedErrorId | Should -Be "DependencyViolation.Application,$RemoveId"
        $record.Exception.Message | Should -Match 'web-frontend'
        $record.Exception.Message | Should -Match 'order-worker'
        "$($record.TargetObject)" | Should -Be 'cn-beijing:test/16'
        Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 | Should -Not -BeNullOrEmpty

        Remove-SaeEmulatorSecretApp -NamespaceId 'cn-beijing:test' -SecretId 16
        Remove-SaeSecret 'cn-beijing:test' 16 -Force @Connection
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-beijing:test').SecretId | Should -Not -Contain '16'
    }

    It 'a secret used by a job: DependencyViolation.Job names it; deleted once it lets go' {
        $record = Get-ErrorRecord { Remove-SaeSecret 'cn-beijing:test' 18 -Force @Connection }
        $record.FullyQualifiedErrorId | Should -Be "DependencyViolation.Job,$RemoveId"
        $record.Exception.Message | Should -Match 'nightly-backup'

        Remove-SaeEmulatorSecretJob -NamespaceId 'cn-beijing:test' -SecretId 18
        Remove-SaeSecret 'cn-beijing:test' 18 -Force @Connection
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-beijing:test').SecretId | Should -Not -Contain '18'
    }

    It 'a secret that does not exist (any more): InvalidSecretId.NotFound' {
        Remove-SaeSecret 'cn-hangzhou:prod' 5 -Force @Connection
        $record = Get-ErrorRecord { Remove-SaeSecret 'cn-hangzhou:prod' 5 -Force @Connection }
        $record.FullyQualifiedErrorId | Should -Be "InvalidSecretId.NotFound,$RemoveId"
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'SecretId 0 is refused before anything is sent' {
        $record = Get-ErrorRecord { Remove-SaeSecret 'cn-hangzhou:prod' 0 -Force @Connection }
        $record.FullyQualifiedErrorId | Should -Be "SecretIdOutOfRange,$RemoveId"
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-SaeRequest).Count | Should -Be 0
    }
}

Describe 'Remove-SaeSecret from the pipeline' {
    BeforeEach { Reset-SaeEmulator }

    It 'list -> remove: the secrets a pattern finds are deleted, the others stay' {
        Get-SaeSecret 'cn-hangzhou:prod' -SecretName 'prod-secret-1?' @Connection | Remove-SaeSecret -Force @Connection

        $remaining = @(Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod').Name
        $remaining.Count | Should -Be 10
        $remaining | Should -Contain 'prod-secret-1'
        $remaining | Should -Contain 'prod-secret-20'
        $remaining | Where-Object { $_ -like 'prod-secret-1?' } | Should -BeNullOrEmpty
        $stats = Get-SaeEmulatorStats
        $stats.SaeDeletesApplied | Should -Be 10
        $stats.SaeListSecrets | Should -Be 1
    }

    It 'create -> list -> remove: what New-SaeSecret made is found by name and deleted' {
        New-SaeSecret 'cn-beijing:test' 'ci-temp-1' @{ k = 'v' } @Connection | Out-Null
        New-SaeSecret 'cn-beijing:test' 'ci-temp-2' @{ k = 'v' } @Connection | Out-Null
        Get-SaeSecret 'cn-beijing:test' -SecretName 'ci-temp-*' @Connection | Remove-SaeSecret -Force @Connection
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-beijing:test').Name | Should -Be @('app-config', 'registry-login', 'web-tls')
    }

    It 'list -> remove -WhatIf deletes none' {
        Get-SaeSecret 'cn-hangzhou:prod' @Connection | Remove-SaeSecret -WhatIf @Connection
        Get-SaeAction | Should -Be @('ListSecrets')
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod').Count | Should -Be 20
    }

    It 'records with NamespaceId and Id (CSV text) bind by property name' {
        @(
            [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; Id = '3' }
            [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 4 }
        ) | Remove-SaeSecret -Force @Connection
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod').SecretId | Should -Not -Contain '3'
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-hangzhou:prod').SecretId | Should -Not -Contain '4'
    }

    It 'a refused delete stops the pipeline: the secrets after it are not deleted' {
        $record = Get-ErrorRecord { Get-SaeSecret 'cn-beijing:test' @Connection | Remove-SaeSecret -Force @Connection }
        $record.FullyQualifiedErrorId | Should -Be "DependencyViolation.Application,$RemoveId"
        @(Get-SaeEmulatorSecretList -NamespaceId 'cn-beijing:test').SecretId | Should -Be @('16', '17', '18')
        (Get-SaeEmulatorStats).SaeDeleteSecret | Should -Be 1
    }
}
