# Errors across the cmdlets: every documented service code as the ErrorId with its category, what the module makes
# of a broken or refused answer, and the input it refuses before anything is sent.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:CommandId = 'SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand'
}

Describe 'Service error <Code> from <Command> (<Label>)' -ForEach @(
    @{ Code = 'InvalidSecretId.NotFound'; Status = 400; Category = 'ObjectNotFound'; Command = 'Get-SaeSecret'; Label = 'describe an unknown id'
        Params = @{ NamespaceId = 'cn-beijing:test'; SecretId = 4242 }; Target = 'cn-beijing:test/4242'; Setup = 'none' }
    @{ Code = 'InvalidSecretId.NotFound'; Status = 400; Category = 'ObjectNotFound'; Command = 'Remove-SaeSecret'; Label = 'delete an unknown id'
        Params = @{ NamespaceId = 'cn-beijing:test'; SecretId = 4242; Force = $true }; Target = 'cn-beijing:test/4242'; Setup = 'none' }
    @{ Code = 'InvalidNamespaceId.NotFound'; Status = 404; Category = 'ObjectNotFound'; Command = 'Get-SaeSecret'; Label = 'list an unknown namespace'
        Params = @{ NamespaceId = 'cn-beijing:nope' }; Target = 'cn-beijing:nope'; Setup = 'none' }
    @{ Code = 'InvalidNamespaceId.NotFound'; Status = 404; Category = 'ObjectNotFound'; Command = 'New-SaeSecret'; Label = 'create in an unknown namespace'
        Params = @{ NamespaceId = 'cn-beijing:nope'; SecretName = 'fresh'; SecretData = @{ k = 'Lifecycle-New-0a6e' } }; Target = 'cn-beijing:nope/fresh'; Setup = 'none' }
    @{ Code = 'SecretNameConflict.AlreadyExist'; Status = 400; Category = 'ResourceExists'; Command = 'New-SaeSecret'; Label = 'create a name that is taken'
        Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'app-config'; SecretData = @{ k = 'Lifecycle-New-0a6e' } }; Target = 'cn-beijing:test/app-config'; Setup = 'none' }
    @{ Code = 'InvalidSecretType.NotAvailable'; Status = 400; Category = 'InvalidArgument'; Command = 'New-SaeSecret'; Label = 'a type the service refuses'
        Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'fresh'; SecretData = @{ k = 'Lifecycle-New-0a6e' } }; Target = 'cn-beijing:test/fresh'; Setup = 'TypeFault' }
    @{ Code = 'QuotaExceeded.SecretInNamespace'; Status = 400; Category = 'QuotaExceeded'; Command = 'New-SaeSecret'; Label = 'a full namespace'
        Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'fresh'; SecretData = @{ k = 'Lifecycle-New-0a6e' } }; Target = 'cn-beijing:test/fresh'; Setup = 'SecretQuota' }
    @{ Code = 'QuotaExceeded.SecretInNamespace'; Status = 400; Category = 'QuotaExceeded'; Command = 'Set-SaeSecret'; Label = 'a full namespace'
        Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'fresh'; SecretData = @{ k = 'Lifecycle-New-0a6e' } }; Target = 'cn-beijing:test/fresh'; Setup = 'SecretQuota' }
    @{ Code = 'QuotaExceeded.SecretDataKey'; Status = 400; Category = 'QuotaExceeded'; Command = 'New-SaeSecret'; Label = 'too many keys'
        Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'fresh'; SecretData = @{ a = '1'; b = '2'; c = '3' } }; Target = 'cn-beijing:test/fresh'; Setup = 'KeyQuota' }
    @{ Code = 'InvalidSecretDataKey.NotFound'; Status = 400; Category = 'ObjectNotFound'; Command = 'Update-SaeSecret'; Label = 'merge away a key a tls secret needs'
        Params = @{ NamespaceId = 'cn-beijing:test'; SecretId = 18; SecretData = @{ 'tls.key' = $null }; Merge = $true }; Target = 'cn-beijing:test/18'; Setup = 'none' }
    @{ Code = 'DependencyViolation.Application'; Status = 400; Category = 'InvalidOperation'; Command = 'Remove-SaeSecret'; Label = 'delete a secret applications use'
        Params = @{ NamespaceId = 'cn-beijing:test'; SecretId = 16; Force = $true }; Target = 'cn-beijing:test/16'; Setup = 'none' }
    @{ Code = 'DependencyViolation.Job'; Status = 400; Category = 'InvalidOperation'; Command = 'Remove-SaeSecret'; Label = 'delete a secret a job uses'
        Params = @{ NamespaceId = 'cn-beijing:test'; SecretId = 18; Force = $true }; Target = 'cn-beijing:test/18'; Setup = 'none' }
) {
    BeforeAll {
        Reset-SaeEmulator
        switch ($Setup) {
            'TypeFault' { Add-SaeEmulatorActionFault -Action CreateSecret -Kind status -Status 400 -Code 'InvalidSecretType.NotAvailable' -Count -1 }
            'SecretQuota' { Set-SaeEmulatorConfig -SecretQuotaPerNamespace 3 }
            'KeyQuota' { Set-SaeEmulatorConfig -SecretDataKeyQuota 2 }
        }
        $script:Before = Get-StoreText
        $script:Record = Get-ErrorRecord { & $Command @Params @Connection -MaxRetries 0 }
        $script:After = Get-StoreText
        $script:Answered = @(Get-SaeRequest | Where-Object Code -EQ $Code)
    }

    It 'the service answered HTTP <Status> <Code>' {
        $Answered.Count | Should -BeGreaterThan 0
        $Answered[-1].Status | Should -Be $Status
    }

    It 'is a terminating error whose FullyQualifiedErrorId is <Code>,<Command>''s class' {
        $Record.FullyQualifiedErrorId | Should -BeExactly "$Code,$($CommandClass[$Command])"
        $Record.Exception | Should -BeOfType ([SaeSecret.SaeServiceException])
        $Record.Exception.ErrorCode | Should -BeExactly $Code
        $Record.Exception.HttpStatusCode | Should -Be $Status
        $Record.Exception.RequestId | Should -Not -BeNullOrEmpty
        $Record.Exception.Message | Should -Match ([regex]::Escape($Code))
        "$($Record.TargetObject)" | Should -Be $Target
    }

    It 'has the category <Category>' {
        $Record.CategoryInfo.Category | Should -Be $Category
    }

    It 'changed nothing in the store' {
        $After | Should -BeExactly $Before
    }
}

Describe 'Service errors surface with the service ErrorCode as ErrorId' {
    BeforeEach { Reset-SaeEmulator }

    It 'documented code <Code> (HTTP <Status>) becomes ErrorId <Code>, category <Category>' -TestCases @(
        @{ Code = 'InvalidParameter.NotEmpty'; Status = 400; Category = 'InvalidArgument' }
        @{ Code = 'InvalidParameter.Obviously'; Status = 400; Category = 'InvalidArgument' }
        @{ Code = 'InvalidParameter.WithMessage'; Status = 400; Category = 'InvalidArgument' }
        @{ Code = 'InvalidSecretId.NotFound'; Status = 400; Category = 'ObjectNotFound' }
        @{ Code = 'InvalidSecretDataKey.NotFound'; Status = 400; Category = 'ObjectNotFound' }
        @{ Code = 'OperationFailed.RPCError'; Status = 500; Category = 'ResourceUnavailable' }
    ) {
        Add-SaeEmulatorFault -Kind status -Status $Status -Code $Code -Count -1
        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } @Connection -MaxRetries 0 }

        $record.FullyQualifiedErrorId | Should -Be "$Code,$CommandId"
        $record.CategoryInfo.Category | Should -Be $Category
        $record.Exception | Should -BeOfType ([SaeSecret.SaeServiceException])
        $record.Exception.ErrorCode | Should -Be $Code
        $record.Exception.HttpStatusCode | Should -Be $Status
        $record.Exception.RequestId | Should -Not -BeNullOrEmpty
        $record.Exception.TraceId | Should -Not -BeNullOrEmpty
        "$($record.TargetObject)" | Should -Be 'cn-beijing:test/16'
        $record.TargetObject.SecretId | Should -Be 16
        $record.Exception.Message | Should -Match ([regex]::Escape("HTTP $Status"))
    }

    It 'a secret that does not exist: InvalidSecretId.NotFound from the service' {
        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 4242 @{ k = 'v' } @Connection }
        $record.FullyQualifiedErrorId | Should -Be "InvalidSecretId.NotFound,$CommandId"
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $record.Exception.Message | Should -Match '4242'
    }

    It 'a docker registry secret without .dockerconfigjson: InvalidSecretDataKey.NotFound' {
        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 17 @{ other = 'v' } @Connection }
        $record.FullyQualifiedErrorId | Should -Be "InvalidSecretDataKey.NotFound,$CommandId"
    }

    It 'a wrong AccessKeySecret: SignatureDoesNotMatch, not retried' {
        $wrong = [pscredential]::new($KeyId, (ConvertTo-SecureString $WrongKeySecret -AsPlainText -Force))
        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } -Endpoint $EmulatorUrl -Credential $wrong }
        $record.FullyQualifiedErrorId | Should -Be "SignatureDoesNotMatch,$CommandId"
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        @(Get-SaeEmulatorRequest).Count | Should -Be 1
    }

    It 'an unknown AccessKeyId: InvalidAccessKeyId.NotFound' {
        $unknown = [pscredential]::new('NoSuchKeyId', (ConvertTo-SecureString 'whatever-secret' -AsPlainText -Force))
        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } -Endpoint $EmulatorUrl -Credential $unknown }
        $record.FullyQualifiedErrorId | Should -Be "InvalidAccessKeyId.NotFound,$CommandId"
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
    }

    It 'a key without permission: Forbidden.RAM, PermissionDenied' {
        $denied = [pscredential]::new('DeniedKeyId', (ConvertTo-SecureString $DeniedKeySecret -AsPlainText -Force))
        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } -Endpoint $EmulatorUrl -Credential $denied }
        $record.FullyQualifiedErrorId | Should -Be "Forbidden.RAM,$CommandId"
        $record.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $record.Exception.Recommend | Should -Not -BeNullOrEmpty
        $record.Exception.HostId | Should -Not -BeNullOrEmpty
    }

    It 'throttling: Throttling.User, LimitsExceeded' {
        Add-SaeEmulatorFault -Kind throttle -Count -1
        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } @Connection -MaxRetries 0 }
        $record.FullyQualifiedErrorId | Should -Be "Throttling.User,$CommandId"
        $record.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $record.Exception.HttpStatusCode | Should -Be 429
    }

    It 'HTTP 200 with Success false is a failure' {
        Add-SaeEmulatorFault -Kind successFalse -Code 'OperationFailed.RPCError'
        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } @Connection -MaxRetries 0 }
        $record.FullyQualifiedErrorId | Should -Be "OperationFailed.RPCError,$CommandId"
        $record.Exception.HttpStatusCode | Should -Be 200
    }

    It 'a body that is not JSON is a clear error naming the HTTP status: <Kind>' -TestCases @(
        @{ Kind = 'html'; Status = 502 }
        @{ Kind = 'malformed'; Status = 200 }
        @{ Kind = 'empty'; Status = 200 }
    ) {
        Add-SaeEmulatorFault -Kind $Kind -Count -1
        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 16 @{ k = 'v' } @Connection -MaxRetries 0 }
        $record.FullyQualifiedErrorId | Should -Be "InvalidResponse,$CommandId"
        $record.CategoryInfo.Category | Should -Be 'InvalidResult'
        $record.Exception.Message | Should -Match "HTTP $Status"
        $record.Exception.Message | Should -Not -Match 'JsonReader|Newtonsoft|Unexpected character'
    }
}

Describe 'Input the module refuses before anything is sent: <Command> <Label>' -ForEach @(
    @{ Command = 'New-SaeSecret'; Label = 'an empty name'; ErrorId = 'SecretNameInvalid'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = ''; SecretData = @{ k = 'v' } } }
    @{ Command = 'New-SaeSecret'; Label = 'a name starting with a digit'; ErrorId = 'SecretNameInvalid'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = '1st'; SecretData = @{ k = 'v' } } }
    @{ Command = 'New-SaeSecret'; Label = 'a name with a space'; ErrorId = 'SecretNameInvalid'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'has space'; SecretData = @{ k = 'v' } } }
    @{ Command = 'New-SaeSecret'; Label = 'a name with a dot'; ErrorId = 'SecretNameInvalid'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'dot.name'; SecretData = @{ k = 'v' } } }
    @{ Command = 'New-SaeSecret'; Label = 'a name with a non-ASCII letter'; ErrorId = 'SecretNameInvalid'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'geheimnis-ä'; SecretData = @{ k = 'v' } } }
    @{ Command = 'New-SaeSecret'; Label = 'an unknown type'; ErrorId = 'SecretTypeInvalid'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'x'; SecretData = @{ k = 'v' }; SecretType = 'Secret' } }
    @{ Command = 'New-SaeSecret'; Label = 'a Kubernetes type SAE does not have'; ErrorId = 'SecretTypeInvalid'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'x'; SecretData = @{ k = 'v' }; SecretType = 'kubernetes.io/basic-auth' } }
    @{ Command = 'New-SaeSecret'; Label = 'a tls secret without tls.key'; ErrorId = 'SecretDataRequiredKeyMissing'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'x'; SecretData = @{ 'tls.crt' = 'c' }; SecretType = 'Tls' } }
    @{ Command = 'New-SaeSecret'; Label = 'a registry secret without .dockerconfigjson'; ErrorId = 'SecretDataRequiredKeyMissing'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'x'; SecretData = @{ config = '{}' }; SecretType = 'DockerConfigJson' } }
    @{ Command = 'New-SaeSecret'; Label = 'no keys'; ErrorId = 'SecretDataEmpty'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'x'; SecretData = @{} } }
    @{ Command = 'New-SaeSecret'; Label = 'a $null value'; ErrorId = 'SecretDataValueNull'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'x'; SecretData = @{ k = $null } } }
    @{ Command = 'New-SaeSecret'; Label = 'a malformed namespace'; ErrorId = 'NamespaceIdMalformed'; Params = @{ NamespaceId = 'cn-beijing:'; SecretName = 'x'; SecretData = @{ k = 'v' } } }
    @{ Command = 'Set-SaeSecret'; Label = 'an invalid name'; ErrorId = 'SecretNameInvalid'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = '-lead'; SecretData = @{ k = 'v' } } }
    @{ Command = 'Set-SaeSecret'; Label = 'an unknown type'; ErrorId = 'SecretTypeInvalid'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'app-config'; SecretData = @{ k = 'v' }; SecretType = 'Generic' } }
    @{ Command = 'Set-SaeSecret'; Label = 'no keys'; ErrorId = 'SecretDataEmpty'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretName = 'app-config'; SecretData = @{} } }
    @{ Command = 'Set-SaeSecret'; Label = 'an empty namespace'; ErrorId = 'NamespaceIdEmpty'; Params = @{ NamespaceId = ''; SecretName = 'app-config'; SecretData = @{ k = 'v' } } }
    @{ Command = 'Update-SaeSecret'; Label = '-Merge with no keys'; ErrorId = 'SecretDataEmpty'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretId = 16; SecretData = @{}; Merge = $true } }
    @{ Command = 'Update-SaeSecret'; Label = '-Merge with SecretId 0'; ErrorId = 'SecretIdOutOfRange'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretId = 0; SecretData = @{ k = 'v' }; Merge = $true } }
    @{ Command = 'Remove-SaeSecret'; Label = 'a negative SecretId'; ErrorId = 'SecretIdOutOfRange'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretId = -1; Force = $true } }
    @{ Command = 'Remove-SaeSecret'; Label = 'an empty namespace'; ErrorId = 'NamespaceIdEmpty'; Params = @{ NamespaceId = ''; SecretId = 16; Force = $true } }
    @{ Command = 'Get-SaeSecret'; Label = 'SecretId 0'; ErrorId = 'SecretIdOutOfRange'; Params = @{ NamespaceId = 'cn-beijing:test'; SecretId = 0; AsPlainText = $true } }
) {
    BeforeAll {
        Reset-SaeEmulator
        $script:Record = Get-ErrorRecord { & $Command @Params @Connection }
    }

    It 'ErrorId <ErrorId>, InvalidArgument' {
        $Record.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,$($CommandClass[$Command])"
        $Record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $Record.Exception | Should -BeOfType ([SaeSecret.SaeInputException])
        $Record.Exception.ErrorId | Should -BeExactly $ErrorId
    }

    It 'nothing was sent' {
        @(Get-SaeRequest).Count | Should -Be 0
    }
}

Describe 'A SecretData value that does not mean one thing is refused' {
    BeforeAll { Reset-SaeEmulator }

    It 'a PSCredential value: SecretDataValueUnsupported naming the key and the type, never the value' {
        $password = 'cred-password-3b1d'
        $credential = [pscredential]::new('app-user-5e2c', (ConvertTo-SecureString $password -AsPlainText -Force))

        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 16 @{ password = $credential } @Connection }

        $record.FullyQualifiedErrorId | Should -Be "SecretDataValueUnsupported,$CommandId"
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.Exception.Message | Should -Match "'password'"
        $record.Exception.Message | Should -Match ([regex]::Escape('System.Management.Automation.PSCredential'))
        Assert-NoLeak -Text "$record", ($record | Format-List * -Force | Out-String), $record.Exception.ToString() -Secret $password, 'app-user-5e2c' -Where 'the error'
        @(Get-SaeEmulatorRequest).Count | Should -Be 0
        (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Version | Should -Be 0
    }
}

Describe 'Bad input is rejected before anything is sent' {
    BeforeAll {
        Reset-SaeEmulator
        $script:TooLarge = 'x' * 800KB
    }

    It '<Label>: ErrorId <ErrorId>' -TestCases @(
        @{ Label = 'empty NamespaceId'; ErrorId = 'NamespaceIdEmpty'; Params = @{ NamespaceId = '' } }
        @{ Label = 'blank NamespaceId'; ErrorId = 'NamespaceIdEmpty'; Params = @{ NamespaceId = '   ' } }
        @{ Label = 'namespace without region'; ErrorId = 'NamespaceIdMalformed'; Params = @{ NamespaceId = ':test' } }
        @{ Label = 'namespace without name'; ErrorId = 'NamespaceIdMalformed'; Params = @{ NamespaceId = 'cn-beijing:' } }
        @{ Label = 'namespace with a space in the region'; ErrorId = 'NamespaceIdMalformed'; Params = @{ NamespaceId = 'cn beijing:test' } }
        @{ Label = 'namespace with a leading space'; ErrorId = 'NamespaceIdMalformed'; Params = @{ NamespaceId = ' cn-beijing:test' } }
        @{ Label = 'namespace with a trailing space'; ErrorId = 'NamespaceIdMalformed'; Params = @{ NamespaceId = 'cn-beijing:test ' } }
        @{ Label = 'namespace with an upper-case region'; ErrorId = 'NamespaceIdMalformed'; Params = @{ NamespaceId = 'CN-BEIJING:test' } }
        @{ Label = 'namespace with a control character'; ErrorId = 'NamespaceIdMalformed'; Params = @{ NamespaceId = "cn-beijing:te`tst" } }
        @{ Label = 'namespace whose region is not a region id'; ErrorId = 'NamespaceIdMalformed'; Params = @{ NamespaceId = 'beijing:test' } }
        @{ Label = 'SecretId zero'; ErrorId = 'SecretIdOutOfRange'; Params = @{ SecretId = 0 } }
        @{ Label = 'SecretId negative'; ErrorId = 'SecretIdOutOfRange'; Params = @{ SecretId = -5 } }
        @{ Label = 'SecretId negative as text'; ErrorId = 'SecretIdOutOfRange'; Params = @{ SecretId = ' -5 ' } }
        @{ Label = "SecretId text '15.5'"; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretIdInvalid'; Params = @{ SecretId = '15.5' } }
        @{ Label = 'SecretId number 15.5'; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretIdInvalid'; Params = @{ SecretId = 15.5 } }
        @{ Label = "SecretId text '1e1'"; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretIdInvalid'; Params = @{ SecretId = '1e1' } }
        @{ Label = "SecretId text '1kb'"; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretIdInvalid'; Params = @{ SecretId = '1kb' } }
        @{ Label = "SecretId text '0x10'"; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretIdInvalid'; Params = @{ SecretId = '0x10' } }
        @{ Label = 'SecretId $true'; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretIdInvalid'; Params = @{ SecretId = $true } }
        @{ Label = 'SecretId a whole double 16.0'; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretIdInvalid'; Params = @{ SecretId = 16.0 } }
        @{ Label = 'SecretId empty text'; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretIdInvalid'; Params = @{ SecretId = '' } }
        @{ Label = 'SecretId text with a thousands separator'; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretIdInvalid'; Params = @{ SecretId = '1,000' } }
        @{ Label = 'SecretId text over the 64-bit range'; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretIdOutOfRange'; Params = @{ SecretId = '9223372036854775808' } }
        @{ Label = 'SecretId UInt64 over the 64-bit signed range'; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretIdOutOfRange'; Params = @{ SecretId = [uint64]::MaxValue } }
        @{ Label = 'empty SecretData'; ErrorId = 'SecretDataEmpty'; Params = @{ SecretData = @{} } }
        @{ Label = 'null SecretData'; ErrorId = 'SecretDataEmpty'; Params = @{ SecretData = $null } }
        @{ Label = 'null value'; ErrorId = 'SecretDataValueNull'; Params = @{ SecretData = @{ k = $null } } }
        @{ Label = 'null value in a JSON object'; ErrorId = 'SecretDataValueNull'; Params = @{ SecretData = '{"k":null}' } }
        @{ Label = 'empty key'; ErrorId = 'SecretDataKeyEmpty'; Params = @{ SecretData = @{ '' = 'v' } } }
        @{ Label = 'key with a space'; ErrorId = 'SecretDataKeyInvalid'; Params = @{ SecretData = @{ 'a b' = 'v' } } }
        @{ Label = 'key with a slash'; ErrorId = 'SecretDataKeyInvalid'; Params = @{ SecretData = @{ 'a/b' = 'v' } } }
        @{ Label = 'key with a colon'; ErrorId = 'SecretDataKeyInvalid'; Params = @{ SecretData = @{ 'a:b' = 'v' } } }
        @{ Label = 'key with non-ASCII letters'; ErrorId = 'SecretDataKeyInvalid'; Params = @{ SecretData = @{ 'pässwörd' = 'v' } } }
        @{ Label = 'key longer than 253 characters'; ErrorId = 'SecretDataKeyInvalid'; Params = @{ SecretData = @{ ('k' * 254) = 'v' } } }
        @{ Label = 'non-base64 text with -Base64Encoded'; ErrorId = 'SecretDataValueNotBase64'; Params = @{ SecretData = @{ k = 'not base64!' }; Base64Encoded = $true } }
        @{ Label = 'base64 of a wrong length'; ErrorId = 'SecretDataValueNotBase64'; Params = @{ SecretData = @{ k = 'abc' }; Base64Encoded = $true } }
        @{ Label = 'base64 with padding inside'; ErrorId = 'SecretDataValueNotBase64'; Params = @{ SecretData = @{ k = 'ab=c' }; Base64Encoded = $true } }
        @{ Label = 'base64 with white space'; ErrorId = 'SecretDataValueNotBase64'; Params = @{ SecretData = @{ k = 'YW Jj' }; Base64Encoded = $true } }
        @{ Label = 'byte[] with -Base64Encoded'; ErrorId = 'SecretDataValueNotBase64'; Params = @{ SecretData = @{ k = [byte[]](1, 2, 3) }; Base64Encoded = $true } }
        @{ Label = 'a map over the 1 MiB Kubernetes limit'; ErrorId = 'SecretDataTooLarge'; Params = @{ SecretData = 'TooLarge' } }
        @{ Label = 'plain http to a remote host'; ErrorId = 'EndpointNotHttps'; Params = @{ Endpoint = 'http://sae.cn-beijing.aliyuncs.com' } }
        @{ Label = 'plain http to a private address'; ErrorId = 'EndpointNotHttps'; Params = @{ Endpoint = 'http://10.1.2.3:8080' } }
        @{ Label = 'an endpoint that is not http(s)'; ErrorId = 'EndpointInvalid'; Params = @{ Endpoint = 'ftp://sae.cn-beijing.aliyuncs.com' } }
        @{ Label = 'a relative endpoint'; ErrorId = 'EndpointInvalid'; Params = @{ Endpoint = 'sae.cn-beijing.aliyuncs.com' } }
        @{ Label = 'RegionId that is not a region'; ErrorId = 'RegionIdInvalid'; Params = @{ RegionId = 'Beijing!' } }
        @{ Label = 'RegionId with an underscore'; ErrorId = 'RegionIdInvalid'; Params = @{ RegionId = 'cn_beijing' } }
        @{ Label = '-SecurityToken without -Credential'; ErrorId = 'CredentialsInvalid'; Category = 'AuthenticationError'; Params = @{ Credential = $null; SecurityToken = (ConvertTo-SecureString 'token' -AsPlainText -Force) } }
        @{ Label = '-Credential with an empty password'; ErrorId = 'CredentialsInvalid'; Category = 'AuthenticationError'; Params = @{ Credential = [pscredential]::new('SomeKeyId', [securestring]::new()) } }
        @{ Label = '-Credential [pscredential]::Empty'; ErrorId = 'CredentialsInvalid'; Category = 'AuthenticationError'; Params = @{ Credential = [pscredential]::Empty } }
        @{ Label = 'SecretData text that is not a JSON object'; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretDataJsonInvalid'; Params = @{ SecretData = '{"k":' } }
        @{ Label = 'SecretData JSON with text after the object'; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretDataJsonInvalid'; Params = @{ SecretData = '{"k":"v"} {"k":"w"}' } }
        @{ Label = 'SecretData JSON naming a member twice'; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretDataKeyDuplicate'; Params = @{ SecretData = '{"k":"first","k":"second"}' } }
        @{ Label = 'SecretData that is a bare string'; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; Params = @{ SecretData = 'just-a-password' } }
        @{ Label = 'SecretData JSON with a nested object'; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretDataValueUnsupported'; Params = @{ SecretData = '{"k":{"nested":1}}' } }
        @{ Label = 'SecretData JSON with a nested array'; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; BaseErrorId = 'SecretDataValueUnsupported'; Params = @{ SecretData = '{"k":[1,2]}' } }
        @{ Label = 'a value that is an array'; ErrorId = 'SecretDataValueUnsupported'; Params = @{ SecretData = @{ k = @('a', 'b') } } }
        @{ Label = 'a value that is a hashtable'; ErrorId = 'SecretDataValueUnsupported'; Params = @{ SecretData = @{ k = @{ inner = 'v' } } } }
        @{ Label = 'a value that is an object with properties'; ErrorId = 'SecretDataValueUnsupported'; Params = @{ SecretData = @{ k = [pscustomobject]@{ inner = 'v' } } } }
        @{ Label = 'a value that is a PSCredential'; ErrorId = 'SecretDataValueUnsupported'; Params = @{ SecretData = @{ password = [pscredential]::new('app', (ConvertTo-SecureString 'cred-password-3b1d' -AsPlainText -Force)) } } }
        @{ Label = 'a value that is a ScriptBlock'; ErrorId = 'SecretDataValueUnsupported'; Params = @{ SecretData = @{ k = { 'v' } } } }
        @{ Label = 'a value that is a DateTime'; ErrorId = 'SecretDataValueUnsupported'; Params = @{ SecretData = @{ k = [datetime]::new(2024, 1, 2) } } }
        @{ Label = 'a value that is a Guid'; ErrorId = 'SecretDataValueUnsupported'; Params = @{ SecretData = @{ k = [guid]::Empty } } }
        @{ Label = 'a value that is a single char'; ErrorId = 'SecretDataValueUnsupported'; Params = @{ SecretData = @{ k = [char]'c' } } }
        @{ Label = 'an endpoint with a user name and password'; ErrorId = 'EndpointInvalid'; Params = @{ Endpoint = 'https://user:pass@sae.cn-beijing.aliyuncs.com' } }
    ) {
        $call = @{ NamespaceId = 'cn-beijing:test'; SecretId = 16; SecretData = @{ k = 'v' }; Endpoint = $EmulatorUrl; Credential = $Credential }
        foreach ($name in $Params.Keys) { $call[$name] = $Params[$name] }
        if ($call.SecretData -eq 'TooLarge') { $call.SecretData = @{ big = $TooLarge } }
        if ($null -eq $call.Credential) { $call.Remove('Credential') }
        $expectedCategory = if ($Category) { $Category } else { 'InvalidArgument' }
        $before = @(Get-SaeEmulatorRequest).Count

        $record = Get-ErrorRecord { Update-SaeSecret @call }

        $record.FullyQualifiedErrorId | Should -Be "$ErrorId,$CommandId"
        $record.CategoryInfo.Category | Should -Be $expectedCategory
        $record.Exception.Message | Should -Not -BeNullOrEmpty
        # A binding-time refusal carries the module's own ErrorId on the exception it wraps.
        if ($BaseErrorId) { $record.Exception.GetBaseException().ErrorId | Should -Be $BaseErrorId }
        @(Get-SaeEmulatorRequest).Count | Should -Be $before
    }
}
