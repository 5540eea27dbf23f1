using System;
using System.Collections.Concurrent;
using System.Net;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.PowerShell.Rules
{
    /// <summary>Namespace ids, region ids and the SAE endpoint they lead to.</summary>
    internal static class SaeEndpoint
    {
        /// <summary>Regions in the official endpoint map; others of the same shape are accepted too.</summary>
        public static readonly string[] KnownRegions =
        {
            "cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-zhangjiakou", "cn-wulanchabu", "cn-shenzhen",
            "cn-heyuan", "cn-guangzhou", "cn-chengdu", "cn-hongkong", "ap-southeast-1", "ap-northeast-1",
            "eu-central-1", "us-east-1", "us-west-1",
        };

        private static readonly ConcurrentDictionary<string, Uri> DefaultEndpoints = new ConcurrentDictionary<string, Uri>(StringComparer.Ordinal);

        /// <summary>Checks a NamespaceId (`region` or `region:name`) and returns its region part.</summary>
        public static string RegionOf(string namespaceId)
        {
            if (string.IsNullOrWhiteSpace(namespaceId))
            {
                throw new SaeInputException(ErrorIds.NamespaceIdEmpty,
                    "NamespaceId is empty. Give the namespace as '<region>:<name>' (e.g. 'cn-beijing:test'), or just the region id for the default namespace (e.g. 'cn-beijing').",
                    "NamespaceId");
            }
            if (namespaceId.Trim().Length != namespaceId.Length)
            {
                throw Malformed(namespaceId, "it starts or ends with white space");
            }
            foreach (var c in namespaceId)
            {
                if (char.IsControl(c)) throw Malformed(namespaceId, "it contains a control character");
            }
            int colon = namespaceId.IndexOf(':');
            string region = RegionPart(namespaceId);
            if (region.Length == 0) throw Malformed(namespaceId, "the region before ':' is missing");
            if (colon >= 0 && colon == namespaceId.Length - 1) throw Malformed(namespaceId, "the name after ':' is missing");
            if (!IsRegionId(region)) throw Malformed(namespaceId, "'" + region + "' is not a region id such as 'cn-beijing'");
            return region;
        }

        /// <summary>The part before ':' of a NamespaceId already checked (or the whole id), without validating it again.</summary>
        public static string RegionPart(string namespaceId)
        {
            int colon = namespaceId.IndexOf(':');
            return colon < 0 ? namespaceId : namespaceId.Substring(0, colon);
        }

        private static SaeInputException Malformed(string namespaceId, string why) =>
            new SaeInputException(ErrorIds.NamespaceIdMalformed,
                "NamespaceId '" + namespaceId + "' is malformed: " + why + ". Expected '<region>:<name>' (e.g. 'cn-beijing:test') or a region id alone for the default namespace.",
                "NamespaceId");

        /// <summary>A region id: lower-case letters, then one or more '-'-separated groups of letters and digits.</summary>
        public static bool IsRegionId(string region)
        {
            if (string.IsNullOrEmpty(region) || region.Length > 64) return false;
            int groups = 0, groupLength = 0;
            for (int i = 0; i < region.Length; i++)
            {
                char c = region[i];
                if (c == '-')
                {
                    if (groupLength == 0) return false;
                    groups++;
                    groupLength = 0;
                    continue;
                }
                bool letter = c >= 'a' && c <= 'z';
                bool digit = c >= '0' && c <= '9';
                if (!letter && !(digit && groups > 0)) return false;
                groupLength++;
            }
            return groups >= 1 && groupLength > 0;
        }

        public static void ValidateRegionId(string region)
        {
            if (!IsRegionId(region))
            {
                throw new SaeInputException(ErrorIds.RegionIdInvalid,
                    "RegionId '" + region + "' is not a region id. Use a lower-case id such as 'cn-beijing' or 'ap-southeast-1'.", "RegionId");
            }
        }

        /// <summary>`https://sae.&lt;region&gt;.aliyuncs.com`, cached per region.</summary>
        public static Uri ForRegion(string region)
        {
            ValidateRegionId(region);
            return DefaultEndpoints.GetOrAdd(region, r => new Uri("https://sae." + r + ".aliyuncs.com/"));
        }

        /// <summary>Checks an explicit endpoint: absolute http(s), plain http only to a loopback address.</summary>
        public static Uri ValidateEndpoint(Uri endpoint, string parameterName)
        {
            if (endpoint == null || !endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                // The text is not repeated: a mistyped URL (https//user:password@host) may still carry a password.
                var what = endpoint != null && endpoint.IsAbsoluteUri ? "uses the scheme '" + endpoint.Scheme + "'; it must be" : "is not";
                throw new SaeInputException(ErrorIds.EndpointInvalid,
                    "Endpoint " + what + " an absolute http(s) URL. Example: https://sae.cn-beijing.aliyuncs.com", parameterName);
            }
            if (endpoint.Scheme == Uri.UriSchemeHttp && !ProxyPolicy.IsLoopback(endpoint))
            {
                throw new SaeInputException(ErrorIds.EndpointNotHttps,
                    "Endpoint '" + endpoint.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) + "' uses plain http to a host that is not on this machine; signed requests would cross the network unencrypted. Use https (plain http is accepted only for loopback addresses such as 127.0.0.1).",
                    parameterName);
            }
            if (!string.IsNullOrEmpty(endpoint.UserInfo))
            {
                // A user name or password in the URL would be echoed by Verbose output and errors; requests are signed anyway.
                throw new SaeInputException(ErrorIds.EndpointInvalid,
                    "Endpoint must not contain a user name or password ('user:password@'); requests are authenticated by their signature.", parameterName);
            }
            return new Uri(endpoint.GetLeftPart(UriPartial.Authority) + "/");
        }
    }
}
