using System.Globalization;

namespace SaeSecret.PowerShell.Rules
{
    /// <summary>A SecretId must be positive, as the SAE console shows it.</summary>
    internal static class SecretIdRule
    {
        public static void Check(long secretId)
        {
            if (secretId <= 0)
            {
                throw new SaeInputException(ErrorIds.SecretIdOutOfRange,
                    "SecretId " + secretId.ToString(CultureInfo.InvariantCulture) + " is not a valid secret id: it must be a positive number, as shown in the SAE console.",
                    "SecretId");
            }
        }
    }
}
