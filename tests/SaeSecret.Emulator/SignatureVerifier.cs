using System.Security.Cryptography;
using System.Text;

namespace SaeSecret.Emulator;

/// <summary>The caller's key when the signature checks out, otherwise the gateway error to answer.</summary>
sealed record Verification(AccessKey? Key, int Status, string? Code, string? Message)
{
    public static Verification Success(AccessKey key) => new(key, 200, null, null);

    public static Verification Failure(int status, string code, string message) => new(null, status, code, message);
}

/// <summary>Checks the ACS3-HMAC-SHA256 (V3) signature and the older RPC HMAC-SHA1 signature, as the gateway does.</summary>
sealed class SignatureVerifier(AccessKeyRegistry keys, NonceCache nonces)
{
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    const string V3Algorithm = "ACS3-HMAC-SHA256";
    static readonly string[] RequiredV3Headers = ["x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"];

    public Verification VerifyV3(HttpRequest request, ReceivedRequest received, DateTimeOffset now)
    {
        string? authorization = request.Headers.Authorization;
        if (string.IsNullOrEmpty(authorization))
        {
            return Incomplete("The request carries no Authorization header.");
        }
        if (!TryParseAuthorization(authorization, out var keyId, out var signedHeaderList, out var signature))
        {
            return Incomplete($"The Authorization header must look like '{V3Algorithm} Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>'.");
        }
        var key = keys.Find(keyId);
        if (key is null)
        {
            return KeyNotFound();
        }

        var signedHeaders = signedHeaderList.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToArray();
        foreach (var name in request.Headers.Keys.Select(name => name.ToLowerInvariant()))
        {
            if ((name == "host" || name.StartsWith("x-acs-", StringComparison.Ordinal)) && !signedHeaders.Contains(name))
            {
                return Incomplete($"The header '{name}' is sent but not signed.");
            }
        }
        if (received.Body.Length > 0 && !signedHeaders.Contains("content-type"))
        {
            return Incomplete("The header 'content-type' must be signed when there is a body.");
        }
        foreach (var name in RequiredV3Headers.Where(name => !request.Headers.ContainsKey(name)))
        {
            return Incomplete($"The header '{name}' is required.");
        }
        foreach (var name in signedHeaders.Where(name => !request.Headers.ContainsKey(name)))
        {
            return Incomplete($"The signed header '{name}' is not in the request.");
        }

        var dateCheck = CheckTimestamp(request.Headers["x-acs-date"].ToString(), now);
        if (dateCheck is not null)
        {
            return dateCheck;
        }
        var tokenCheck = CheckSecurityToken(key, request.Headers["x-acs-security-token"].ToString(), now);
        if (tokenCheck is not null)
        {
            return tokenCheck;
        }

        var hashedPayload = request.Headers["x-acs-content-sha256"].ToString().Trim();
        if (!string.Equals(hashedPayload, received.BodySha256, StringComparison.OrdinalIgnoreCase))
        {
            return Verification.Failure(400, "SignatureDoesNotMatch",
                "The x-acs-content-sha256 header does not match the SHA-256 of the request body.");
        }

        var canonicalRequest = CanonicalRequest(request.Method, received.RawPath, received.RawQuery,
            signedHeaders.Select(name => (name, request.Headers[name].ToString())), hashedPayload);
        var stringToSign = V3Algorithm + "\n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key.Secret), Encoding.UTF8.GetBytes(stringToSign)));
        if (!FixedTimeEquals(expected, signature.ToLowerInvariant()))
        {
            // Real gateways echo their StringToSign: it holds only a hash, and it is what a client needs to debug.
            return Verification.Failure(400, "SignatureDoesNotMatch",
                "Specified signature is not matched with our calculation. server string to sign is:" + stringToSign);
        }

        return CheckNonce(key, request.Headers["x-acs-signature-nonce"].ToString(), now) ?? Verification.Success(key);
    }

    /// <summary>RPC-style signature over query and form parameters, still used by Alibaba's credentials libraries for AssumeRole.</summary>
    public Verification VerifyRpc(string method, IReadOnlyList<KeyValuePair<string, string>> parameters, string? securityTokenHeader, DateTimeOffset now)
    {
        var values = PercentEncoding.FirstValues(parameters);
        foreach (var name in new[] { "Signature", "AccessKeyId", "SignatureNonce", "Timestamp" })
        {
            if (string.IsNullOrEmpty(values.GetValueOrDefault(name)))
            {
                return Incomplete($"The parameter '{name}' is required.");
            }
        }
        var key = keys.Find(values["AccessKeyId"]);
        if (key is null)
        {
            return KeyNotFound();
        }
        if (values.GetValueOrDefault("SignatureMethod") != "HMAC-SHA1" || values.GetValueOrDefault("SignatureVersion") != "1.0")
        {
            return Incomplete("SignatureMethod must be HMAC-SHA1 and SignatureVersion 1.0.");
        }
        var dateCheck = CheckTimestamp(values["Timestamp"], now);
        if (dateCheck is not null)
        {
            return dateCheck;
        }
        var token = values.GetValueOrDefault("SecurityToken");
        var tokenCheck = CheckSecurityToken(key, string.IsNullOrEmpty(token) ? securityTokenHeader : token, now);
        if (tokenCheck is not null)
        {
            return tokenCheck;
        }

        var canonicalized = string.Join('&', parameters
            .Where(pair => pair.Key != "Signature")
            .Select(pair => (Name: PercentEncoding.Encode(pair.Key), Value: PercentEncoding.Encode(pair.Value)))
            .OrderBy(pair => pair.Name, StringComparer.Ordinal).ThenBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => pair.Name + "=" + pair.Value));
        var stringToSign = method.ToUpperInvariant() + "&" + PercentEncoding.Encode("/") + "&" + PercentEncoding.Encode(canonicalized);
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(key.Secret + "&"), Encoding.UTF8.GetBytes(stringToSign)));
        if (!FixedTimeEquals(expected, values["Signature"]))
        {
            // Unlike V3, this StringToSign carries parameter values (the security token), so it is not echoed.
            return Verification.Failure(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
        }

        return CheckNonce(key, values["SignatureNonce"], now) ?? Verification.Success(key);
    }

    /// <summary>The V3 canonical request, built from the request exactly as received.</summary>
    public static string CanonicalRequest(string method, string rawPath, string rawQuery,
        IEnumerable<(string Name, string Value)> signedHeaders, string hashedPayload)
    {
        var canonicalQuery = string.Join('&', PercentEncoding.ParsePairs(rawQuery, plusIsSpace: false)
            .Select(pair => (Name: PercentEncoding.Encode(pair.Key), Value: PercentEncoding.Encode(pair.Value)))
            .OrderBy(pair => pair.Name, StringComparer.Ordinal).ThenBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => pair.Name + "=" + pair.Value));
        var headers = signedHeaders.OrderBy(header => header.Name, StringComparer.Ordinal).ToList();
        var canonical = new StringBuilder();
        canonical.Append(method.ToUpperInvariant()).Append('\n');
        canonical.Append(rawPath.Length == 0 ? "/" : rawPath).Append('\n');
        canonical.Append(canonicalQuery).Append('\n');
        foreach (var (name, value) in headers)
        {
            canonical.Append(name).Append(':').Append(value.Trim()).Append('\n');
        }
        canonical.Append('\n');
        canonical.Append(string.Join(';', headers.Select(header => header.Name))).Append('\n');
        canonical.Append(hashedPayload);
        return canonical.ToString();
    }

    static bool TryParseAuthorization(string authorization, out string keyId, out string signedHeaders, out string signature)
    {
        keyId = signedHeaders = signature = "";
        if (!authorization.StartsWith(V3Algorithm + " ", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var part in authorization[(V3Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                return false;
            }
            var value = part[(equals + 1)..].Trim();
            switch (part[..equals].Trim())
            {
                case "Credential": keyId = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
                default: return false;
            }
        }
        return keyId.Length > 0 && signedHeaders.Length > 0 && signature.Length > 0;
    }

    static Verification? CheckTimestamp(string text, DateTimeOffset now)
    {
        if (!Timestamps.TryParse(text.Trim(), out var timestamp))
        {
            return Verification.Failure(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
        }
        if ((now - timestamp).Duration() > AllowedSkew)
        {
            return Verification.Failure(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
        }
        return null;
    }

    static Verification? CheckSecurityToken(AccessKey key, string? token, DateTimeOffset now)
    {
        if (!key.IsTemporary)
        {
            return null;
        }
        if (string.IsNullOrEmpty(token) || !FixedTimeEquals(key.SecurityToken!, token.Trim()))
        {
            return Verification.Failure(400, "InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.");
        }
        if (now >= key.Expiration)
        {
            return Verification.Failure(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.");
        }
        return null;
    }

    Verification? CheckNonce(AccessKey key, string nonce, DateTimeOffset now) =>
        nonces.TryRemember(key.Id, nonce.Trim(), now)
            ? null
            : Verification.Failure(400, "SignatureNonceUsed", "Specified signature nonce was used already.");

    static Verification Incomplete(string detail) =>
        Verification.Failure(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards. " + detail);

    static Verification KeyNotFound() =>
        Verification.Failure(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");

    static bool FixedTimeEquals(string left, string right) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));
}
