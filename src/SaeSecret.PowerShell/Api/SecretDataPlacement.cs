using System;
using System.Collections.Concurrent;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>Where a request carries SecretData: the JSON body (the reference's form) or the query (the 2024 definition's).</summary>
    internal enum SecretDataLocation
    {
        Body,
        Query,
    }

    /// <summary>
    /// Which form each endpoint reads, for the whole process: the body until an endpoint has answered that SecretData is
    /// missing, then the query. SAESECRET_SECRETDATA_LOCATION forces one form for gateways whose answer is not recognised.
    /// </summary>
    internal sealed class SecretDataPlacement
    {
        public const string EnvironmentVariable = "SAESECRET_SECRETDATA_LOCATION";

        /// <summary>What every client of this process shares (all runspaces).</summary>
        public static SecretDataPlacement Shared { get; } = new SecretDataPlacement();

        private readonly ConcurrentDictionary<string, SecretDataLocation> _learned =
            new ConcurrentDictionary<string, SecretDataLocation>(StringComparer.Ordinal);

        private readonly Func<string?> _setting;

        /// <param name="setting">Reads the forcing setting; the environment variable when null.</param>
        public SecretDataPlacement(Func<string?>? setting = null)
        {
            _setting = setting ?? (() => Environment.GetEnvironmentVariable(EnvironmentVariable));
        }

        /// <summary>The form forced by the environment, or null; an unknown value is an input error (nothing is sent).</summary>
        public SecretDataLocation? Forced()
        {
            var value = _setting();
            if (string.IsNullOrWhiteSpace(value)) return null;
            switch (value!.Trim().ToUpperInvariant())
            {
                case "BODY": return SecretDataLocation.Body;
                case "QUERY": return SecretDataLocation.Query;
                default:
                    throw new SaeInputException(ErrorIds.SecretDataLocationInvalid,
                        "The environment variable " + EnvironmentVariable + " must be 'Body' or 'Query' (or unset, to let the module find out); its value is not one of those.",
                        EnvironmentVariable);
            }
        }

        /// <summary>The form to use first for this endpoint, and whether it is forced (then no fallback happens).</summary>
        public SecretDataLocation For(Uri endpoint, out bool forced)
        {
            var fixedLocation = Forced();
            forced = fixedLocation.HasValue;
            if (fixedLocation.HasValue) return fixedLocation.Value;
            return _learned.TryGetValue(KeyOf(endpoint), out var learned) ? learned : SecretDataLocation.Body;
        }

        /// <summary>Records that this endpoint reads SecretData only from the query; true the first time.</summary>
        public bool RememberQuery(Uri endpoint) => _learned.TryAdd(KeyOf(endpoint), SecretDataLocation.Query);

        /// <summary>Forgets what was learned (meant for tests).</summary>
        public void Clear() => _learned.Clear();

        /// <summary>Scheme, host and port: the same gateway whatever path or query follows.</summary>
        internal static string KeyOf(Uri endpoint) =>
            endpoint.Scheme.ToLowerInvariant() + "://" + endpoint.IdnHost.ToLowerInvariant() + ":" + endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
