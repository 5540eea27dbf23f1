using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using Newtonsoft.Json.Linq;
using SaeSecret.PowerShell.SecretData;
using SaeSecret.PowerShell.Http;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>A secret as DescribeSecret returns it: the description and its stored (base64) values.</summary>
    internal sealed class DescribedSecret
    {
        public SecretInfo Info { get; set; } = null!;

        /// <summary>Key → base64 value, as stored. Secret material: never printed.</summary>
        public SortedDictionary<string, string> Data { get; set; } = null!;

        public string? RequestId { get; set; }
    }

    /// <summary>What CreateSecret answers: the new id, and the RequestId of the write.</summary>
    internal sealed class CreatedSecret
    {
        public long SecretId { get; set; }
        public string? RequestId { get; set; }
    }

    /// <summary>The SAE secret and namespace APIs as <see cref="SaeOperation{TResult}"/>s: path, method, query and the mapping of Data.</summary>
    internal static partial class SaeOperations
    {
        public const string SecretPath = "/pop/v1/sam/secret/secret";
        public const string SecretsPath = "/pop/v1/sam/secret/secrets";
        public const string NamespacesPath = "/pop/v1/sam/namespace/describeNamespaceList";

        internal static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

        private static string Target(string namespaceId, long secretId) => namespaceId + "/" + Text(secretId);

        internal static KeyValuePair<string, string> Pair(string name, string value) => new KeyValuePair<string, string>(name, value);

        /// <param name="relateApps">The applications using the secret, when the caller read them; they go into the result.</param>
        public static SaeOperation<UpdateSecretResult> UpdateSecret(Uri endpoint, string namespaceId, long secretId, EncodedSecretData data, SecretApp[]? relateApps = null) =>
            new SaeOperation<UpdateSecretResult>(endpoint, HttpMethod.Put, SecretPath, "UpdateSecret", Target(namespaceId, secretId),
                new[] { Pair("NamespaceId", namespaceId), Pair("SecretId", Text(secretId)) },
                response => new UpdateSecretResult
                {
                    NamespaceId = namespaceId,
                    SecretId = secretId,
                    ServerSecretId = response.DataSecretId,
                    Success = true,
                    Keys = data.Keys,
                    RequestId = response.RequestId,
                    TraceId = response.TraceId,
                    Code = response.Code,
                    Message = response.Message,
                    RelateApps = relateApps ?? Array.Empty<SecretApp>(),
                })
            { SecretData = data };

        public static SaeOperation<List<SecretInfo>> ListSecrets(Uri endpoint, string namespaceId) =>
            new SaeOperation<List<SecretInfo>>(endpoint, HttpMethod.Get, SecretsPath, "ListSecrets", namespaceId,
                new[] { Pair("NamespaceId", namespaceId) },
                response =>
                {
                    var list = new List<SecretInfo>();
                    if (!(response.Data is JObject data) || !(data["Secrets"] is JArray secrets))
                    {
                        if (response.Data is JObject empty && (empty["Secrets"] == null || empty["Secrets"]!.Type == JTokenType.Null)) return list;
                        throw Unusable("ListSecrets", namespaceId, response, "Data.Secrets is not a list");
                    }
                    foreach (var item in secrets)
                    {
                        if (item is JObject secret) list.Add(Fill(new SecretInfo(), secret, namespaceId));
                    }
                    return list;
                });

        public static SaeOperation<DescribedSecret> DescribeSecret(Uri endpoint, string namespaceId, long secretId) =>
            new SaeOperation<DescribedSecret>(endpoint, HttpMethod.Get, SecretPath, "DescribeSecret", Target(namespaceId, secretId),
                new[] { Pair("NamespaceId", namespaceId), Pair("SecretId", Text(secretId)) },
                response =>
                {
                    if (!(response.Data is JObject data)) throw Unusable("DescribeSecret", Target(namespaceId, secretId), response, "Data is not an object");
                    var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    // Without the values a merge would write only the given keys and drop every other one.
                    if (!(data["SecretData"] is JObject map)) throw Unusable("DescribeSecret", Target(namespaceId, secretId), response, "Data.SecretData is missing or not an object");
                    {
                        foreach (var member in map.Properties())
                        {
                            if (member.Value.Type != JTokenType.String)
                            {
                                throw Unusable("DescribeSecret", Target(namespaceId, secretId), response, "the value of key '" + ServerText.Inert(member.Name) + "' is not a string");
                            }
                            values[member.Name] = ((string?)member.Value)!;
                        }
                    }
                    var info = Fill(new SecretInfo(), data, namespaceId);
                    if (info.SecretId == 0) info.SecretId = secretId;
                    return new DescribedSecret { Info = info, Data = values, RequestId = response.RequestId };
                });

        /// <summary>CreateSecret is not idempotent: it is resent only when the server certainly did not process it.</summary>
        public static SaeOperation<CreatedSecret> CreateSecret(Uri endpoint, string namespaceId, string secretName, string secretType, EncodedSecretData data) =>
            new SaeOperation<CreatedSecret>(endpoint, HttpMethod.Post, SecretPath, "CreateSecret", namespaceId + "/" + secretName,
                new[] { Pair("NamespaceId", namespaceId), Pair("SecretName", secretName), Pair("SecretType", secretType) },
                response => new CreatedSecret
                {
                    SecretId = response.DataSecretId ?? throw Unusable("CreateSecret", namespaceId + "/" + secretName, response, "Data.SecretId is missing"),
                    RequestId = response.RequestId,
                })
            { SecretData = data, Idempotent = false };

        public static SaeOperation<string?> DeleteSecret(Uri endpoint, string namespaceId, long secretId) =>
            new SaeOperation<string?>(endpoint, HttpMethod.Delete, SecretPath, "DeleteSecret", Target(namespaceId, secretId),
                new[] { Pair("NamespaceId", namespaceId), Pair("SecretId", Text(secretId)) },
                response => response.RequestId);

        public static SaeOperation<List<SaeNamespace>> DescribeNamespaceList(Uri endpoint, string regionId) =>
            new SaeOperation<List<SaeNamespace>>(endpoint, HttpMethod.Get, NamespacesPath, "DescribeNamespaceList", regionId,
                new[] { Pair("ContainCustom", "true") },
                response =>
                {
                    if (!(response.Data is JArray items)) throw Unusable("DescribeNamespaceList", regionId, response, "Data is not a list");
                    var list = new List<SaeNamespace>();
                    foreach (var item in items)
                    {
                        if (!(item is JObject ns)) continue;
                        list.Add(new SaeNamespace
                        {
                            NamespaceId = ServerJson.Text(ns["NamespaceId"]),
                            NamespaceName = ServerJson.Text(ns["NamespaceName"]),
                            RegionId = ServerJson.Text(ns["RegionId"]),
                            NameSpaceShortId = ServerJson.Text(ns["NameSpaceShortId"]),
                            VpcId = ServerJson.Text(ns["VpcId"]),
                            Custom = ns["Custom"]?.Type == JTokenType.Boolean ? (bool)ns["Custom"]! : string.Equals(ServerJson.Text(ns["Custom"]), "true", StringComparison.OrdinalIgnoreCase),
                        });
                    }
                    return list;
                });

        private static SecretInfo Fill(SecretInfo info, JObject secret, string namespaceId)
        {
            info.NamespaceId = ServerJson.Text(secret["NamespaceId"]) ?? namespaceId;
            info.SecretId = ServerJson.WholeNumber(secret["SecretId"]) ?? 0;
            info.SecretName = ServerJson.Text(secret["SecretName"]);
            info.SecretType = ServerJson.Text(secret["SecretType"]);
            info.CreateTime = ServerJson.EpochMilliseconds(secret["CreateTime"]);
            info.UpdateTime = ServerJson.EpochMilliseconds(secret["UpdateTime"]);
            // The applications live in the namespace's region: "<region>" or "<region>:<name>".
            var regionId = SaeEndpoint.RegionPart(namespaceId);
            var apps = new List<SecretApp>();
            if (secret["RelateApps"] is JArray related)
            {
                foreach (var app in related)
                {
                    if (app is JObject a)
                    {
                        apps.Add(new SecretApp { AppId = ServerJson.Text(a["AppId"]), AppName = ServerJson.Text(a["AppName"]), RegionId = regionId, NamespaceId = namespaceId });
                    }
                }
            }
            info.RelateApps = apps.ToArray();
            return info;
        }

        internal static SaeServiceException Unusable(string action, string target, SaeResponse response, string why) =>
            new SaeServiceException(ErrorIds.InvalidResponse,
                action + " for " + target + " got an answer the module cannot use: " + why + ". RequestId: " + response.RequestId + ".")
            { RequestId = response.RequestId };
    }
}
