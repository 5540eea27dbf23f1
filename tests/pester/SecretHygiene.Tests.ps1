# No secret value or access key secret leaks: not into Verbose, Debug, errors, binding errors, the URL, the results
# or their format views, whichever cmdlet wrote them.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Values = @('HygieneValue-7d1c-α', 'Second+Value/With=Chars~* ', '🔐秘密-hygiene')

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

Describe 'No secret value or access key secret leaks' {
    BeforeEach { Reset-SaeEmulator }

    It 'Verbose and Debug name the call, the target and the keys, never a value' {
        $DebugPreference = 'Continue'
        $secure = ConvertTo-SecureString $Values[2] -AsPlainText -Force
        $streams = Update-SaeSecret 'cn-beijing:test' 16 @{ a = $Values[0]; b = $Values[1]; c = $secure } @Connection -Verbose -Debug *>&1
        $text = ($streams | ForEach-Object { "$_" }) -join "`n"

        $verbose = @($streams | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n"
        $verbose | Should -Match ([regex]::Escape($EmulatorUrl))
        $verbose | Should -Match 'cn-beijing:test'
        $verbose | Should -Match 'keys: a, b, c'
        $verbose | Should -Match 'RequestId'
        $debug = @($streams | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }) -join "`n"
        $debug | Should -Match 'the -Credential parameter'
        Assert-NoLeak -Text $text -Secret ($Values + $KeySecret) -Where 'the Verbose/Debug/output streams'
    }

    # The leak scan's query-only run leaves this out: there the query form carries the values by design.
    It 'the URL carries only the namespace and the secret id; the body carries the values' -Tag 'BodyForm' {
        Update-SaeSecret 'cn-beijing:test' 16 @{ a = $Values[0]; b = $Values[1] } @Connection | Out-Null
        $request = Get-SaeEmulatorRequest | Select-Object -Last 1
        $request.RawTarget | Should -Be '/pop/v1/sam/secret/secret?NamespaceId=cn-beijing%3Atest&SecretId=16'
        $headers = ($request.Headers.PSObject.Properties | ForEach-Object { "$($_.Name): $($_.Value)" }) -join "`n"
        Assert-NoLeak -Text $request.RawTarget, $headers -Secret ($Values + $KeySecret) -Where 'the request line or headers'
    }

    It 'errors, $Error and -ErrorVariable show no value' {
        Add-SaeEmulatorFault -Kind status -Status 400 -Code 'InvalidParameter.WithMessage' -Count -1
        $caught = $null
        try {
            Update-SaeSecret 'cn-beijing:test' 16 @{ a = $Values[0] } @Connection -ErrorVariable ev
        }
        catch {
            $caught = $_
        }
        $caught | Should -Not -BeNullOrEmpty
        $texts = @("$caught", $caught.Exception.ToString(), ($caught | Format-List * -Force | Out-String), ($Error[0] | Out-String), "$ev")
        Assert-NoLeak -Text $texts -Secret ($Values + $KeySecret) -Where 'the error record'
    }

    It 'a secret passed where SecretData belongs is not quoted by the binding error' {
        $caught = $null
        try { Update-SaeSecret 'cn-beijing:test' 16 $Values[0] @Connection } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        Assert-NoLeak -Text "$caught", ($caught | Format-List * -Force | Out-String) -Secret $Values[0] -Where 'the binding error'
    }

    It 'a secret passed where SecretId belongs is not quoted by the binding error' {
        $caught = $null
        try { Update-SaeSecret 'cn-beijing:test' $Values[0] @{ k = 'v' } @Connection } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        Assert-NoLeak -Text "$caught", ($caught | Format-List * -Force | Out-String), $caught.Exception.ToString() -Secret $Values[0] -Where 'the binding error'
        @(Get-SaeEmulatorRequest).Count | Should -Be 0
    }

    It 'a service message that quotes the SecretData is redacted before it reaches the error' {
        Add-SaeEmulatorFault -Kind status -Status 400 -Code 'InvalidParameter.WithMessage'
        $caught = $null
        try { Update-SaeSecret 'cn-beijing:test' 16 @{ a = $Values[0]; b = $Values[1] } @Connection } catch { $caught = $_ }
        $caught.Exception.ServiceMessage | Should -Match 'The parameter is invalid \{SecretData\}'
        $caught.Exception.ServiceMessage | Should -Match '\*\*\*'
        Assert-NoLeak -Text $caught.Exception.Message, $caught.Exception.ServiceMessage -Secret $Values[0], $Values[1] -Where 'the redacted service message'
    }

    It 'the result object and its ToString show key names only' {
        $result = Update-SaeSecret 'cn-beijing:test' 16 @{ a = $Values[0] } @Connection
        $texts = @($result.ToString(), ($result | Format-List * | Out-String), ($result | ConvertTo-Json))
        Assert-NoLeak -Text $texts -Secret ($Values + $KeySecret) -Where 'the result'
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
