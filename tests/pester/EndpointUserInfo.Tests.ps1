BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:CommandId = 'SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand'
    $script:Password = 'UserInfoPw-Distinct-83'

    # Everything a user could look at: the message, the error view, and the exception with all its properties. For a
    # pipeline binding error PowerShell itself makes the piped object the TargetObject: that is the user's own object.
    function Get-ErrorText($Record, $PipedObject) {
        @(
            $Record.Exception.Message
            ($Record | Out-String -Width 4096)
            ($Record.Exception | Format-List * -Force | Out-String -Width 4096)
            $Record.Exception.ToString()
            $(if ($null -eq $PipedObject -or -not [object]::ReferenceEquals($Record.TargetObject, $PipedObject)) { "$($Record.TargetObject)" })
            "$($Record.ErrorDetails)"
        ) -join "`n"
    }
}

Describe 'A password in the user info of -Endpoint is never echoed' {
    BeforeEach { Reset-SaeEmulator }

    # {pw} stands for the password, so test names do not carry it.
    It '<Template> given <Way> is <ErrorId>, without the password' -TestCases @(
        @{ Template = 'https//user:{pw}@sae.cn-beijing.aliyuncs.com'; Way = 'as a parameter'; ErrorId = 'EndpointInvalid' }
        @{ Template = 'user:{pw}@sae.cn-beijing.aliyuncs.com'; Way = 'as a parameter'; ErrorId = 'EndpointInvalid' }
        @{ Template = 'ftp://user:{pw}@sae.cn-beijing.aliyuncs.com'; Way = 'as a parameter'; ErrorId = 'EndpointInvalid' }
        @{ Template = 'https://user:{pw}@sae.cn-beijing.aliyuncs.com'; Way = 'as a parameter'; ErrorId = 'EndpointInvalid' }
        @{ Template = 'http://user:{pw}@sae.cn-beijing.aliyuncs.com'; Way = 'as a parameter'; ErrorId = 'EndpointNotHttps' }
        @{ Template = 'https://user:{pw}@sae.cn-beijing.aliyuncs.com:99999'; Way = 'as a parameter'; ErrorId = 'ParameterArgumentTransformationError' }
        @{ Template = 'https://user:{pw}@sae cn-beijing.aliyuncs.com'; Way = 'as a parameter'; ErrorId = 'ParameterArgumentTransformationError' }
    ) {
        $endpoint = $Template.Replace('{pw}', $Password)
        $piped = $null
        $record = if ($Way -eq 'by the pipeline') {
            $piped = [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretId = 16; SecretData = @{ k = 'v' }; Endpoint = $endpoint }
            # -ErrorAction Stop: a binding error for one piped record is otherwise not terminating.
            Get-ErrorRecord { $piped | Update-SaeSecret -Credential $Credential -ErrorAction Stop }
        }
        else {
            Get-ErrorRecord { Update-SaeSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -SecretData @{ k = 'v' } -Endpoint $endpoint -Credential $Credential -ErrorAction Stop }
        }

        $record.FullyQualifiedErrorId | Should -Be "$ErrorId,$CommandId"
        $record.Exception.Message | Should -Match 'Endpoint'
        if ((Get-ErrorText $record $piped).Contains($Password)) { throw "The password leaked into the error ($Way)." }
        (Get-SaeEmulatorStats).SaeRequests | Should -Be 0
    }

    It 'a usable -Endpoint still binds from text' {
        $direct = Update-SaeSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -SecretData @{ k = 'v' } -Endpoint "$EmulatorUrl/" -Credential $Credential

        $direct.Success | Should -BeTrue
    }
}
