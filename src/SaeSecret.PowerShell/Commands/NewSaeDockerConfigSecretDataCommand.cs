using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using SaeSecret.PowerShell.SecretData;

namespace SaeSecret.PowerShell.Commands
{
    /// <summary>
    /// New-SaeDockerConfigSecretData: the SecretData of a docker registry secret (one .dockerconfigjson key), for
    /// one or more registries; every record piped in adds its registries to the one map written at the end.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SaeDockerConfigSecretData")]
    [OutputType(typeof(Hashtable))]
    public sealed class NewSaeDockerConfigSecretDataCommand : SaeOfflineCmdlet
    {
        private readonly List<RegistryLogin> _logins = new List<RegistryLogin>();
        private readonly HashSet<string> _servers = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Registry")]
        [ValidateNotNullOrEmpty]
        public string[] Server { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Credential]
        [ValidateNotNull]
        public PSCredential Credential { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Email { get; set; }

        private string? _failedServer;

        protected override object? ErrorTarget(SaeInputException error) => error.ErrorId == ErrorIds.RegistryUserNameEmpty ? (object)Server : _failedServer;

        protected override void ProcessOne()
        {
            if (string.IsNullOrEmpty(Credential.UserName))
            {
                throw new SaeInputException(ErrorIds.RegistryUserNameEmpty, "-Credential has an empty user name: give the registry user name.", "Credential");
            }
            foreach (var server in Server)
            {
                if (string.IsNullOrWhiteSpace(server) || server.Trim() != server)
                {
                    _failedServer = server;
                    throw new SaeInputException(ErrorIds.RegistryServerInvalid, "Registry server '" + server + "' is empty or has surrounding white space.", "Server");
                }
                if (!_servers.Add(server))
                {
                    _failedServer = server;
                    throw new SaeInputException(ErrorIds.RegistryServerDuplicate, "Registry server '" + server + "' is given twice; a .dockerconfigjson holds one login per registry.", "Server");
                }
                _logins.Add(new RegistryLogin(server, Credential.UserName, Credential.Password, Email));
            }
        }

        protected override void EndOfInput()
        {
            WriteObject(new Hashtable { { DockerConfigJson.Key, DockerConfigJson.Build(_logins) } });
        }
    }
}
