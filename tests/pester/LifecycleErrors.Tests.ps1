# The secret lifecycle's errors and hygiene: every documented service code as the ErrorId with its category, the
# local checks that stop before anything is sent, and values that never reach a view, Verbose, Debug or an error.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    # Everything but the output objects: Verbose, Debug, Warning, Information and error records, as text.
    function Get-StreamText([object[]] $Records) {
        foreach ($record in $Records) {
            switch ($record) {
                { $_ -is [System.Management.Automation.ErrorRecord] } {
                    $_ | Format-List * -Force | Out-String -Width 4096
                    $_.Exception.ToString()
                    "$($_.ErrorDetails)"
                    continue
                }
                { $_ -is [System.Management.Automation.InformationalRecord] } { $_.Message; continue }
                { $_ -is [System.Management.Automation.InformationRecord] } { "$($_.MessageData)"; continue }
            }
        }
    }
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

Describe 'The format views show no value' {
    BeforeAll {
        Reset-SaeEmulator
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Data @{ password = (ConvertTo-Base64Utf8 $PlainValue) }
        $script:AllValues = $PlainValue, $MergeValue, $NewValue
    }

    It 'Get-SaeSecret -AsPlainText: the default view names the keys, not the values' {
        $secret = Get-SaeSecret 'cn-beijing:test' -SecretId 16 -AsPlainText @Connection
        $secret.SecretData['password'] -ceq $PlainValue | Should -BeTrue -Because 'the value is really there to leak'
        $text = $secret | Out-String -Width 4096
        $text | Should -Match 'password'
        $text | Should -Match 'app-config'
        Assert-NoLeak -Text $text, ($secret | Format-Table | Out-String -Width 4096), "$secret" -Secret $AllValues -Where 'the Secret view'
    }

    It 'Get-SaeSecret lists: the default view' {
        $text = Get-SaeSecret 'cn-beijing:test' @Connection | Out-String -Width 4096
        $text | Should -Match 'web-frontend'
        Assert-NoLeak -Text $text -Secret $AllValues -Where 'the SecretInfo view'
    }

    It 'New-SaeSecret, Set-SaeSecret (Created, Updated, Unchanged) and Update-SaeSecret -Merge results' {
        $created = New-SaeSecret 'cn-beijing:test' 'view-new' @{ token = $NewValue } @Connection
        $set = @(
            Set-SaeSecret 'cn-beijing:test' 'view-set' @{ token = $NewValue } @Connection
            Set-SaeSecret 'cn-beijing:test' 'view-new' @{ token = $MergeValue } @Connection
            Set-SaeSecret 'cn-beijing:test' 'view-new' @{ token = $MergeValue } @Connection
        )
        $set.Action | Should -Be @('Created', 'Updated', 'Unchanged')
        $merged = Update-SaeSecret 'cn-beijing:test' 16 @{ extra = $MergeValue } -Merge @Connection
        $texts = @(
            $created | Out-String -Width 4096
            $set | Out-String -Width 4096
            $merged | Out-String -Width 4096
            "$created"; "$($set[0])"; "$merged"
        )
        $texts[1] | Should -Match 'Unchanged'
        $texts[2] | Should -Match 'extra, password'
        Assert-NoLeak -Text $texts -Secret $AllValues -Where 'the result views'
    }
}

Describe '-AsPlainText and merged values never reach Verbose, Debug or errors' {
    BeforeEach {
        Reset-SaeEmulator
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Data @{ password = (ConvertTo-Base64Utf8 $PlainValue) }
        Set-SaeEmulatorSecret -NamespaceId 'cn-hangzhou:prod' -SecretId 3 -Data @{ password = (ConvertTo-Base64Utf8 $PlainValue) }
    }

    It 'list -> describe -AsPlainText -Verbose -Debug, ending in an error' {
        $records = [System.Collections.Generic.List[object]]::new()
        $failure = $null
        try {
            @(
                [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretId = 16 }
                [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 3 }
                [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 4242 }
            ) | Get-SaeSecret -AsPlainText @Connection -Verbose -Debug *>&1 | ForEach-Object { $records.Add($_) }
        }
        catch {
            $failure = $_
        }

        $secrets = @($records | Where-Object { $_ -is [SaeSecret.Secret] })
        $secrets.Count | Should -Be 2
        $secrets[1].SecretData['password'] -ceq $PlainValue | Should -BeTrue -Because 'the values really passed through'
        $failure.FullyQualifiedErrorId | Should -Be "InvalidSecretId.NotFound,$($CommandClass['Get-SaeSecret'])"
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0
        @($records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Count | Should -BeGreaterThan 0
        $text = @(Get-StreamText $records) + @(Get-StreamText $failure)
        Assert-NoLeak -Text $text -Secret $PlainValue -Where 'Verbose, Debug and the error'
    }

    It 'Set-SaeSecret -Merge and Update-SaeSecret -Merge read the stored value and keep it out of their messages' {
        $records = @(
            # -Debug makes PowerShell ask before every warning (app-config's restart warning); -WarningAction keeps it from asking.
            Set-SaeSecret 'cn-beijing:test' 'app-config' @{ added = $MergeValue } -Merge @Connection -Verbose -Debug -WarningAction Continue *>&1
            Update-SaeSecret 'cn-hangzhou:prod' 3 @{ added = $MergeValue } -Merge @Connection -Verbose -Debug -WarningAction Continue *>&1
        )
        @($records | Where-Object { $_ -is [SaeSecret.SetSecretResult] }).Action | Should -Be 'Updated'
        (@($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -Match 'keys: added, password'
        Assert-NoLeak -Text (Get-StreamText $records) -Secret $PlainValue, $MergeValue -Where 'Verbose and Debug of a merge'
    }

    It 'a service error that echoes the merged SecretData quotes none of its values' {
        Add-SaeEmulatorActionFault -Action UpdateSecret -Kind status -Status 400 -Code 'InvalidParameter.WithMessage' -Count -1
        $records = [System.Collections.Generic.List[object]]::new()
        $failure = $null
        try {
            Update-SaeSecret 'cn-beijing:test' 16 @{ added = $MergeValue } -Merge @Connection -MaxRetries 0 -Verbose -Debug *>&1 | ForEach-Object { $records.Add($_) }
        }
        catch {
            $failure = $_
        }
        $failure.FullyQualifiedErrorId | Should -Be "InvalidParameter.WithMessage,$($CommandClass['Update-SaeSecret'])"
        @(Get-SaeRequest | Where-Object Code -EQ 'InvalidParameter.WithMessage').Count | Should -BeGreaterThan 0
        $text = @(Get-StreamText $records) + @(Get-StreamText $failure)
        Assert-NoLeak -Text $text -Secret $PlainValue, $MergeValue -Where 'the echoed error'
    }
}
