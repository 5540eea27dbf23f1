# Update-SaeSecret: the command, replacing a secret's data (values of every type, byte for byte), SecretId and
# SecretData as the pipeline and CSV give them, -Merge, round trips from Get-SaeSecret, -WhatIf with its key-by-key
# What-if, restart warnings and the result's table view.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:CommandId = 'SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand'

    # A stored data map as text with its keys in ordinal order (the emulator keeps whatever order it was given).
    function Get-DataText([object] $Data) {
        $sorted = [ordered]@{}
        foreach ($name in [string[]]@($Data.PSObject.Properties.Name) | Sort-Object -Culture '' -CaseSensitive) { $sorted[$name] = $Data.$name }
        $sorted | ConvertTo-Json -Compress
    }
}

Describe 'Update-SaeSecret as a command' {
    BeforeAll { $command = Get-Command Update-SaeSecret }

    It 'binds <Name> as mandatory=<Mandatory>, position <Position>, from the pipeline by property name' -TestCases @(
        @{ Name = 'NamespaceId'; Mandatory = $true; Position = 0 }
        @{ Name = 'SecretId'; Mandatory = $true; Position = 1 }
        @{ Name = 'SecretData'; Mandatory = $true; Position = 2 }
    ) {
        $attribute = $command.Parameters[$Name].ParameterSets['__AllParameterSets']
        $attribute.IsMandatory | Should -Be $Mandatory
        $attribute.Position | Should -Be $Position
        $attribute.ValueFromPipelineByPropertyName | Should -BeTrue
    }

    It 'binds RegionId from the pipeline by property name, and Endpoint only from the command line' {
        $command.Parameters['RegionId'].ParameterSets['__AllParameterSets'].ValueFromPipelineByPropertyName | Should -BeTrue -Because 'a CSV column may still choose the region'
        $endpoint = $command.Parameters['Endpoint'].ParameterSets['__AllParameterSets']
        $endpoint.ValueFromPipelineByPropertyName | Should -BeFalse
        $endpoint.ValueFromPipeline | Should -BeFalse
        (Get-Help Update-SaeSecret -Parameter Endpoint).pipelineInput | Should -Be 'False'
        ((Get-Help Update-SaeSecret).inputTypes.inputType.description.Text -join ' ') | Should -Not -Match 'Endpoint properties bind'
    }

    It 'takes SecretId as a 64-bit integer, also under the alias Id' {
        $command.Parameters['SecretId'].ParameterType | Should -Be ([long])
        $command.Parameters['SecretId'].Aliases | Should -Contain 'Id'
    }

    It 'declares its output type and supports -WhatIf/-Confirm at Medium impact' {
        $command.OutputType.Type | Should -Contain ([SaeSecret.UpdateSecretResult])
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
        $meta = [System.Management.Automation.CommandMetadata]::new($command)
        $meta.ConfirmImpact | Should -Be 'Medium'
    }
}

Describe 'Update-SaeSecret updates secrets in the emulator' {
    BeforeEach { Reset-SaeEmulator }

    It 'writes a typed result and the emulator stores base64 of each value' {
        $result = Update-SaeSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -SecretData @{ user = 'app'; password = 'p@ss-Distinct-41' } @Connection

        $result | Should -BeOfType ([SaeSecret.UpdateSecretResult])
        $result.PSObject.TypeNames[0] | Should -Be 'SaeSecret.UpdateSecretResult'
        $result.NamespaceId | Should -Be 'cn-beijing:test'
        $result.SecretId | Should -Be 16
        $result.SecretId | Should -BeOfType ([long])
        $result.Success | Should -BeTrue
        $result.Code | Should -Be '200'
        $result.RequestId | Should -Not -BeNullOrEmpty
        $result.TraceId | Should -Not -BeNullOrEmpty
        $result.Keys | Should -Be @('password', 'user')

        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16
        $stored.Data.user | Should -Be (ConvertTo-Base64Utf8 'app')
        $stored.Data.password | Should -Be (ConvertTo-Base64Utf8 'p@ss-Distinct-41')
        @($stored.Data.PSObject.Properties.Name).Count | Should -Be 2 -Because 'an update replaces the whole map (k1 is gone)'
    }

    It 'accepts SecureString, byte[] and number values' {
        $secure = ConvertTo-SecureString 's3cure-SecureString-77' -AsPlainText -Force
        [byte[]] $bytes = 0, 1, 2, 254, 255
        Update-SaeSecret 'cn-beijing:test' 16 @{ secure = $secure; bytes = $bytes; number = 42 } @Connection | Out-Null

        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16
        ConvertFrom-Base64Utf8 $stored.Data.secure | Should -Be 's3cure-SecureString-77'
        $stored.Data.bytes | Should -Be ([Convert]::ToBase64String($bytes))
        ConvertFrom-Base64Utf8 $stored.Data.number | Should -Be '42'
    }

    It 'stores booleans as true/false, numbers in the invariant culture and char[] as its text' {
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            Update-SaeSecret 'cn-beijing:test' 16 @{
                yes = $true; no = $false; double = 0.1 + 0.2; float = [float]1.5; decimal = 1.10d; long = [long]::MinValue
                chars = [char[]]'ch@rs-Value'
            } @Connection | Out-Null
        }
        finally {
            [cultureinfo]::CurrentCulture = $saved
        }

        $stored = (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Data
        $expected = @{ yes = 'true'; no = 'false'; double = '0.30000000000000004'; float = '1.5'; decimal = '1.10'; long = '-9223372036854775808'; chars = 'ch@rs-Value' }
        foreach ($key in $expected.Keys) {
            # Compared as a boolean so that a failure names the key, never a value.
            ((ConvertFrom-Base64Utf8 $stored.$key) -ceq $expected[$key]) | Should -BeTrue -Because "'$key' is stored in its documented form"
        }
    }

    It 'sends -Base64Encoded values as they are' {
        Update-SaeSecret 'cn-beijing:test' 16 @{ cert = 'LS0tLS1CRUdJTg=='; blank = '' } -Base64Encoded @Connection | Out-Null
        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16
        $stored.Data.cert | Should -Be 'LS0tLS1CRUdJTg=='
        $stored.Data.blank | Should -Be ''
    }

    It 'round-trips text in any script byte for byte: <Label>' -TestCases @(
        @{ Label = 'CJK'; Value = '密码：秘密の鍵 비밀번호' }
        @{ Label = 'accents'; Value = 'pässwörd Ça déjà vu ñ' }
        @{ Label = 'emoji'; Value = '🔐🗝️👩‍💻' }
        @{ Label = 'URL-special'; Value = 'a+b/c=d~e*f g&h%20i?j#k' }
        @{ Label = 'JSON-special'; Value = "quote`" backslash\ newline`n tab`t" }
    ) {
        Update-SaeSecret 'cn-beijing:test' 16 @{ value = $Value } @Connection | Out-Null
        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16
        $storedBytes = [Convert]::FromBase64String($stored.Data.value)
        $expected = [System.Text.Encoding]::UTF8.GetBytes($Value)
        [Convert]::ToHexString($storedBytes) | Should -Be ([Convert]::ToHexString($expected))
    }

    It 'takes the records of a pipeline, CSV-shaped ones included, one result per record in order' {
        $records = @(
            [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = '1'; SecretData = '{"api-key":"one"}' }
            [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; Id = 2; SecretData = @{ 'api-key' = 'two' } }
            [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 3; SecretData = [pscustomobject]@{ 'api-key' = 'three' } }
        )
        $csvRows = $records[0] | ConvertTo-Csv | ConvertFrom-Csv
        $csvRows[0].SecretId | Should -BeOfType ([string])

        $results = @($csvRows; $records[1]; $records[2]) | Update-SaeSecret @Connection

        $results.Count | Should -Be 3
        $results.SecretId | Should -Be @(1, 2, 3)
        foreach ($pair in @(@(1, 'one'), @(2, 'two'), @(3, 'three'))) {
            $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-hangzhou:prod' -SecretId $pair[0]
            ConvertFrom-Base64Utf8 $stored.Data.'api-key' | Should -Be $pair[1]
        }
    }

    It 'an Endpoint property of a piped record does not redirect the signed request' {
        # A data file must not choose where signed requests and their values go. The child process sends https through
        # a closed local port as its proxy, so the default endpoint is refused at once and nothing leaves the machine.
        $closed = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $closed.Start()
        $proxyPort = $closed.LocalEndpoint.Port
        $closed.Stop()
        $script = {
            param($ModulePath, $Url)
            Import-Module $ModulePath
            $record = [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretId = 16; SecretData = @{ k = 'piped-endpoint' }; Endpoint = $Url }
            try {
                $result = $record | Update-SaeSecret -MaxRetries 0 -TimeoutSec 5 -ErrorAction Stop
                [pscustomobject]@{ ErrorId = $null; Message = $null; Success = $result.Success } | ConvertTo-Json -Compress
            }
            catch {
                [pscustomobject]@{ ErrorId = $_.FullyQualifiedErrorId; Message = $_.Exception.Message; Success = $false } | ConvertTo-Json -Compress
            }
        }
        $saved = @{}
        foreach ($name in 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'HTTPS_PROXY', 'NO_PROXY') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            $env:ALIBABA_CLOUD_ACCESS_KEY_ID = $KeyId
            $env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = $KeySecret
            $env:HTTPS_PROXY = "http://127.0.0.1:$proxyPort"
            $env:NO_PROXY = $null
            $json = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $script -args $env:SAESECRET_MODULE_PATH, $EmulatorUrl
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
        $outcome = ($json | Select-Object -Last 1) | ConvertFrom-Json

        @(Get-SaeEmulatorRequest).Count | Should -Be 0 -Because 'the piped Endpoint must not be where the request goes'
        $outcome.ErrorId | Should -Be 'ConnectionFailed,SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand'
        $outcome.Message | Should -Match ([regex]::Escape('https://sae.cn-beijing.aliyuncs.com'))
    }

    It 'takes SecretId <Label> as secret 16' -TestCases @(
        @{ Label = 'as an Int32'; Value = 16 }
        @{ Label = 'as a Byte'; Value = [byte]16 }
        @{ Label = 'as an SByte'; Value = [sbyte]16 }
        @{ Label = 'as an Int16'; Value = [int16]16 }
        @{ Label = 'as a UInt16'; Value = [uint16]16 }
        @{ Label = 'as a UInt32'; Value = [uint32]16 }
        @{ Label = 'as an Int64'; Value = [long]16 }
        @{ Label = 'as a UInt64'; Value = [uint64]16 }
        @{ Label = 'as a BigInteger'; Value = [bigint]16 }
        @{ Label = 'as text'; Value = '16' }
        @{ Label = 'as text with surrounding spaces'; Value = ' 16 ' }
        @{ Label = 'as text with a leading zero'; Value = '016' }
        @{ Label = 'wrapped in a PSObject'; Value = [psobject]16 }
        @{ Label = 'as text wrapped in a PSObject'; Value = [psobject]'16' }
    ) {
        $result = Update-SaeSecret 'cn-beijing:test' -SecretId $Value -SecretData @{ k = 'v' } @Connection
        $result.SecretId | Should -Be 16
        (Get-SaeEmulatorRequest | Select-Object -Last 1).Query.SecretId | Should -BeExactly '16'
    }

    It 'takes a CSV SecretId with spaces around it, and refuses a row whose SecretId is not a whole number without sending it' {
        $rows = @'
NamespaceId,SecretId,SecretData
cn-hangzhou:prod," 1 ","{""api-key"":""one""}"
cn-hangzhou:prod,2.5,"{""api-key"":""two""}"
cn-hangzhou:prod,1kb,"{""api-key"":""kilo""}"
cn-hangzhou:prod,3,"{""api-key"":""three""}"
'@ | ConvertFrom-Csv
        $rows[0].SecretId | Should -Be ' 1 '

        $results = @($rows | Update-SaeSecret @Connection -ErrorVariable bindingErrors -ErrorAction SilentlyContinue)

        $results.SecretId | Should -Be @(1, 3)
        @($bindingErrors).Count | Should -Be 2
        foreach ($e in $bindingErrors) {
            $e.FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,SaeSecret.PowerShell.Commands.UpdateSaeSecretCommand'
            $e.Exception.GetBaseException().ErrorId | Should -Be 'SecretIdInvalid'
            $e.Exception.Message | Should -Match 'whole number'
        }
        @(Get-SaeEmulatorRequest | Where-Object Status -EQ 200 | ForEach-Object { $_.Query.NamespaceId + '/' + $_.Query.SecretId }) | Should -Be @(
            'cn-hangzhou:prod/1', 'cn-hangzhou:prod/3')
        (Get-SaeEmulatorSecret -NamespaceId 'cn-hangzhou:prod' -SecretId 2).Version | Should -Be 0
    }

    It 'stores each member of SecretData JSON text as its exact text: strings as they are, numbers and booleans as written' {
        $json = '{"d":"2024-01-02T03:04:05+02:00","n":1.10,"e":1E+2,"big":12345678901234567890123,"t":true,"f":false,"s":" 007 ","esc":"a\"b\u00e9"}'
        $row = [pscustomobject]@{ NamespaceId = 'cn-beijing:test'; SecretId = 16; SecretData = $json } | ConvertTo-Csv | ConvertFrom-Csv

        $row | Update-SaeSecret @Connection | Out-Null

        $stored = (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Data
        $expected = [ordered]@{ d = '2024-01-02T03:04:05+02:00'; n = '1.10'; e = '1E+2'; big = '12345678901234567890123'; t = 'true'; f = 'false'; s = ' 007 '; esc = 'a"bé' }
        @($stored.PSObject.Properties.Name | Sort-Object) | Should -Be @($expected.Keys | Sort-Object)
        foreach ($key in $expected.Keys) {
            # Compared as a boolean so that a failure names the key, never a value.
            ((ConvertFrom-Base64Utf8 $stored.$key) -ceq $expected[$key]) | Should -BeTrue -Because "member '$key' is stored as written"
        }
    }

    It 'an error stops the pipeline: records before it are written, none after' {
        $results = [System.Collections.Generic.List[object]]::new()
        $record = Get-ErrorRecord {
            @(
                [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 1; SecretData = @{ k = 'a' } }
                [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 4242; SecretData = @{ k = 'b' } }
                [pscustomobject]@{ NamespaceId = 'cn-hangzhou:prod'; SecretId = 3; SecretData = @{ k = 'c' } }
            ) | Update-SaeSecret @Connection | ForEach-Object { $results.Add($_) }
        }
        $record.FullyQualifiedErrorId | Should -Be "InvalidSecretId.NotFound,$CommandId"
        $results.Count | Should -Be 1
        (Get-SaeEmulatorSecret -NamespaceId 'cn-hangzhou:prod' -SecretId 3).Version | Should -Be 0
    }
}

Describe 'Update-SaeSecret -Merge' {
    BeforeEach { Reset-SaeEmulator }

    It 'keeps the other keys and adds or changes the given ones; the result names the keys written' {
        $result = Update-SaeSecret 'cn-beijing:test' 16 @{ password = $MergeValue } -Merge @Connection

        $result.GetType() | Should -Be ([SaeSecret.UpdateSecretResult])
        $result.Keys | Should -Be @('k1', 'password')
        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16
        $stored.Data.k1 | Should -BeExactly 'djE='
        Get-StoredText 'cn-beijing:test' 16 'password' | Should -BeExactly $MergeValue
        Get-SaeAction | Where-Object { $_ -ne 'UpdateSecret' } | Should -Be @('DescribeSecret')
        $stored.Version | Should -Be 1
    }

    It 'a $null value removes that key, in the same call as keys set' {
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Data @{ k1 = 'djE='; k2 = 'djI='; k3 = 'djM=' }
        $result = Update-SaeSecret 'cn-beijing:test' 16 @{ k2 = $null; k4 = 'four' } -Merge @Connection
        $result.Keys | Should -Be @('k1', 'k3', 'k4')
        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16
        @($stored.Data.PSObject.Properties.Name | Sort-Object) | Should -Be @('k1', 'k3', 'k4')
        $stored.Data.k3 | Should -BeExactly 'djM='
    }

    It 'removing the last key is SecretDataEmpty: read, but nothing written' {
        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = $null } -Merge @Connection }
        $record.FullyQualifiedErrorId | Should -Be "SecretDataEmpty,$UpdateId"
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.Exception.Message | Should -Match 'Remove-SaeSecret'
        "$($record.TargetObject)" | Should -Be 'cn-beijing:test/16'
        Get-SaeAction | Should -Be @('DescribeSecret')
        (Get-SaeEmulatorStats).SaeUpdateSecret | Should -Be 0
        $stored = Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16
        $stored.Version | Should -Be 0
        $stored.Data.k1 | Should -BeExactly 'djE='
    }

    It 'an empty map is SecretDataEmpty before anything is sent' {
        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 16 @{} -Merge @Connection }
        $record.FullyQualifiedErrorId | Should -Be "SecretDataEmpty,$UpdateId"
        @(Get-SaeRequest).Count | Should -Be 0
    }

    It 'a secret that does not exist: InvalidSecretId.NotFound from the read, nothing written' {
        $record = Get-ErrorRecord { Update-SaeSecret 'cn-beijing:test' 4242 @{ k = 'v' } -Merge @Connection }
        $record.FullyQualifiedErrorId | Should -Be "InvalidSecretId.NotFound,$UpdateId"
        Get-SaeAction | Should -Be @('DescribeSecret')
    }

    It 'keeps a binary value of another key byte for byte' {
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Data @{ bin = 'AP/+gA=='; k1 = 'djE=' }
        Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'changed' } -Merge @Connection | Out-Null
        (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Data.bin | Should -BeExactly 'AP/+gA=='
    }
}

Describe 'Byte-for-byte round trips: Get-SaeSecret | Update-SaeSecret' {
    BeforeEach {
        Reset-SaeEmulator
        # Not UTF-8, valid UTF-8 in several scripts, a NUL, an empty value.
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Data @{
            bin   = [Convert]::ToBase64String([byte[]](0, 255, 254, 128))
            cesu  = [Convert]::ToBase64String([byte[]](0xED, 0xA0, 0x80))
            text  = ConvertTo-Base64Utf8 '密码：秘密の鍵 🔐 pässwörd'
            nul   = [Convert]::ToBase64String([byte[]](0x41, 0, 0x42))
            empty = ''
        }
    }

    It 'a described secret (<Label>) piped into Update-SaeSecret rewrites exactly the stored bytes: <Namespace>/<Id>' -TestCases @(
        @{ Label = 'SecureString values'; Namespace = 'cn-beijing:test'; Id = 16; Plain = $false }
        @{ Label = '-AsPlainText values'; Namespace = 'cn-beijing:test'; Id = 16; Plain = $true }
        @{ Label = 'a registry login'; Namespace = 'cn-beijing:test'; Id = 17; Plain = $false }
        @{ Label = 'a TLS pair'; Namespace = 'cn-beijing:test'; Id = 18; Plain = $true }
        @{ Label = 'a percent-encoded namespace'; Namespace = "cn-hangzhou:ns with space*~!'()"; Id = 9007199254740993; Plain = $false }
    ) {
        $before = Get-SaeEmulatorSecret -NamespaceId $Namespace -SecretId $Id

        $result = Get-SaeSecret -NamespaceId $Namespace -SecretId $Id -AsPlainText:$Plain @Connection | Update-SaeSecret @Connection

        $result.Success | Should -BeTrue
        $after = Get-SaeEmulatorSecret -NamespaceId $Namespace -SecretId $Id
        $after.Version | Should -Be ($before.Version + 1) -Because 'the data was really written again'
        Get-DataText $after.Data | Should -BeExactly (Get-DataText $before.Data)
    }

    It 'list -> describe -> update, a whole namespace in one pipeline, changes no byte' {
        $before = Get-SaeEmulatorSecretList -NamespaceId 'cn-beijing:test' | ForEach-Object { Get-DataText $_.Data }
        $results = @(Get-SaeSecret 'cn-beijing:test' @Connection | Get-SaeSecret @Connection | Update-SaeSecret @Connection)
        $results.SecretId | Should -Be @(16, 17, 18)
        $after = Get-SaeEmulatorSecretList -NamespaceId 'cn-beijing:test' | ForEach-Object { Get-DataText $_.Data }
        $after | Should -BeExactly $before
        (Get-SaeEmulatorStats).SaeUpdatesApplied | Should -Be 3
    }
}

Describe 'Update-SaeSecret -WhatIf' {
    BeforeEach { Reset-SaeEmulator }

    It 'writes nothing and names only the target and the key names' {
        $transcript = Join-Path ([IO.Path]::GetTempPath()) "saesecret-whatif-$([guid]::NewGuid()).txt"
        Start-Transcript -Path $transcript | Out-Null
        try {
            $output = Update-SaeSecret 'cn-beijing:test' 16 @{ alpha = 'WhatIfValue-9f3e' ; beta = 'x' } @Connection -WhatIf
        }
        finally {
            Stop-Transcript | Out-Null
        }
        $text = Get-Content -Raw $transcript
        Remove-Item $transcript
        $output | Should -BeNullOrEmpty
        $text | Should -Match 'What if: .*"cn-beijing:test/16"'
        $text | Should -Match ([regex]::Escape('"Update the secret''s data (add: alpha, beta; remove: k1)"'))
        Assert-NoLeak -Text $text -Secret 'WhatIfValue-9f3e', $KeySecret -Where 'the WhatIf output'
        @(Get-SaeEmulatorRequest | Where-Object Method -NE 'GET').Count | Should -Be 0
        (Get-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16).Version | Should -Be 0
    }
}

Describe 'What-if names the change key by key' {
    BeforeEach {
        Reset-SaeEmulator
        # app-config (16) holds k1; give it three more keys to change, keep and remove.
        Set-SaeEmulatorSecret -NamespaceId 'cn-beijing:test' -SecretId 16 -Name 'app-config' -Data @{ k1 = (ConvertTo-Base64Utf8 'one'); keep = (ConvertTo-Base64Utf8 'same'); old = (ConvertTo-Base64Utf8 'x') }
    }

    It 'Update-SaeSecret: add, change, remove and unchanged, in that order' {
        $lines = Get-WhatIfLine { Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'two'; keep = 'same'; b = '1'; a = '2' } @Connection -WhatIf }
        $lines | Should -Be @('What if: Performing the operation "Update the secret''s data (add: a, b; change: k1; remove: old; unchanged: 1)" on target "cn-beijing:test/16".')
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'Update-SaeSecret -Merge: a $null removes, keys not given are unchanged' {
        $lines = Get-WhatIfLine { Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'two'; old = $null } -Merge @Connection -WhatIf }
        $lines | Should -Be @('What if: Performing the operation "Update the secret''s data (change: k1; remove: old; unchanged: 1)" on target "cn-beijing:test/16".')
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'a read that fails leaves the key names and the reason, and writes nothing' {
        $lines = Get-WhatIfLine { Update-SaeSecret 'cn-beijing:test' 404 @{ b = '1'; a = '2' } @Connection -WhatIf }
        $lines | Should -Be @('What if: Performing the operation "Replace the secret''s data with keys: a, b (the current data could not be read: InvalidSecretId.NotFound)" on target "cn-beijing:test/404".')
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'without -WhatIf or -Confirm a plain update does not read first' {
        Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'two' } @Connection | Out-Null
        @(Get-SaeEmulatorRequest | Where-Object Service -EQ 'sae').Method | Should -Be @('PUT')
    }

    It 'no value appears in any What-if line' {
        $lines = Get-WhatIfLine { Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'WhatIfValue-9f3e' } @Connection -WhatIf }
        Assert-NoLeak -Text $lines -Secret 'WhatIfValue-9f3e', 'one', 'same' -Where 'the What-if line'
    }
}

Describe 'Restart warnings name the applications that use a changed secret' {
    BeforeEach { Reset-SaeEmulator }

    It 'Update-SaeSecret -Merge warns and its result carries RelateApps' {
        $result = Update-SaeSecret 'cn-beijing:test' 16 @{ extra = 'x' } -Merge @Connection -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'web-frontend \(a1b2c3d4-0000-4000-8000-000000000001\)'
        $result.RelateApps.AppId | Should -Contain 'a1b2c3d4-0000-4000-8000-000000000002'
    }
}

Describe 'Shell niceties' {
    It 'shows results in a table of NamespaceId, SecretId, Success, Keys and RequestId' {
        Reset-SaeEmulator
        $table = Update-SaeSecret cn-beijing:test 16 @{ a = '1'; b = '2' } @Connection | Format-Table | Out-String
        $table | Should -Match 'NamespaceId\s+SecretId\s+Success\s+Keys\s+RequestId'
        $table | Should -Match 'cn-beijing:test\s+16\s+True\s+a, b\s+\S+'
    }
}

Describe 'Update-SaeSecret change records' {
    BeforeEach { Reset-SaeEmulator }

    It '-Merge records the keys it added, changed and removed' {
        Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'v1'; gone = 'g'; keep = 'k' } @Connection | Out-Null
        $result = Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = $NewValue; gone = $null; added = 'x' } -Merge @Connection

        $result.DataCompared | Should -BeTrue
        $result.Added | Should -Be @('added')
        $result.Changed | Should -Be @('k1')
        $result.Removed | Should -Be @('gone')
        $result.UnchangedCount | Should -Be 1
    }

    It 'a plain replace does not read the stored data: nothing is compared and the lists are empty' {
        $result = Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = $NewValue } @Connection

        $result.DataCompared | Should -BeFalse
        @($result.Added + $result.Changed + $result.Removed).Count | Should -Be 0
        $result.UnchangedCount | Should -Be 0
        Get-SaeAction | Should -Be @('UpdateSecret')
    }

    It 'a replace with -RestartApplications reads the secret, so it records the change' {
        Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = 'one'; k2 = 'two' } @Connection | Out-Null
        $out = Update-SaeSecret 'cn-beijing:test' 16 @{ k1 = $NewValue; k2 = 'two' } -RestartApplications @Connection
        $update = @($out | Where-Object { $_ -is [SaeSecret.UpdateSecretResult] })

        $update.Count | Should -Be 1
        $update[0].DataCompared | Should -BeTrue
        $update[0].Changed | Should -Be @('k1')
        @($update[0].Added + $update[0].Removed).Count | Should -Be 0
        $update[0].UnchangedCount | Should -Be 1
    }
}
