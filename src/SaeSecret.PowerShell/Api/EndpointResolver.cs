using System;
using System.Collections.Generic;
using SaeSecret.PowerShell.Credentials;
using SaeSecret.PowerShell.Rules;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>
    /// Where a call goes: namespace → region (-RegionId wins) → endpoint (-Endpoint wins), or a region given or defaulted
    /// (<see cref="DefaultRegion"/>) → endpoint. Validates what it is given; endpoints are cached for the pipeline.
    /// </summary>
    internal sealed class EndpointResolver
    {
        private readonly Dictionary<string, Uri> _endpoints = new Dictionary<string, Uri>(StringComparer.Ordinal);
        private readonly Uri? _endpoint;
        private readonly string? _profileName;
        private string? _defaultRegion;

        /// <param name="endpoint">-Endpoint, or null for the region's endpoint.</param>
        /// <param name="profileName">-ProfileName, for the default region.</param>
        public EndpointResolver(Uri? endpoint, string? profileName)
        {
            _endpoint = endpoint;
            _profileName = profileName;
        }

        /// <summary>The endpoint of a namespace's region, or of <paramref name="regionId"/> when one is given. Throws SaeInputException.</summary>
        public Uri ForNamespace(string namespaceId, string? regionId)
        {
            var region = SaeEndpoint.RegionOf(namespaceId);
            if (!string.IsNullOrEmpty(regionId))
            {
                SaeEndpoint.ValidateRegionId(regionId!);
                region = regionId!;
            }
            return ForRegion(region);
        }

        /// <summary>The region given, else the default one (RegionIdMissing when there is none); validated.</summary>
        public string Region(string? regionId, out bool defaulted)
        {
            defaulted = string.IsNullOrEmpty(regionId);
            // The default reads the environment and the CLI config file: once per pipeline, not per record.
            var region = defaulted ? _defaultRegion ?? (_defaultRegion = DefaultRegion.Resolve(_profileName)) : regionId!;
            SaeEndpoint.ValidateRegionId(region);
            return region;
        }

        /// <summary>
        /// Where STS calls of a cmdlet go: -Endpoint, else the endpoint AssumeRole uses (SAESECRET_STS_ENDPOINT, else
        /// https://sts.&lt;regionId&gt;.aliyuncs.com for a region given, else ALIBABA_CLOUD_STS_REGION's, else
        /// https://sts.aliyuncs.com). Throws SaeInputException or CredentialsException.
        /// </summary>
        public Uri ForSts(string? regionId)
        {
            if (_endpoint != null) return SaeEndpoint.ValidateEndpoint(_endpoint, "Endpoint");
            if (!string.IsNullOrEmpty(regionId)) SaeEndpoint.ValidateRegionId(regionId!);
            return CredentialEndpoints.Sts(regionId, null);
        }

        /// <summary>The endpoint of a valid region (or -Endpoint).</summary>
        public Uri ForRegion(string region)
        {
            var key = _endpoint == null ? region : _endpoint.OriginalString;
            if (!_endpoints.TryGetValue(key, out var uri))
            {
                uri = _endpoint == null ? SaeEndpoint.ForRegion(region) : SaeEndpoint.ValidateEndpoint(_endpoint, "Endpoint");
                _endpoints[key] = uri;
            }
            return uri;
        }
    }
}
