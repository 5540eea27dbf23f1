namespace SaeSecret.PowerShell.Rules
{
    /// <summary>AppIds and ChangeOrderIds: the service's ids (UUIDs today); letters, digits and '-', 1 to 64 of them.</summary>
    internal static class ApplicationRules
    {
        public static void CheckAppId(string? appId) => Check(appId, ErrorIds.AppIdInvalid, "AppId");

        public static void CheckChangeOrderId(string? changeOrderId) => Check(changeOrderId, ErrorIds.ChangeOrderIdInvalid, "ChangeOrderId");

        /// <summary>1 to 64 letters, digits and '-': an id the service hands out, safe to quote in a command line.</summary>
        public static bool IsId(string? id)
        {
            bool ok = !string.IsNullOrEmpty(id) && id!.Length <= 64;
            for (int i = 0; ok && i < id!.Length; i++)
            {
                char c = id[i];
                ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            }
            return ok;
        }

        private static void Check(string? id, string errorId, string name)
        {
            if (!IsId(id))
            {
                throw new SaeInputException(errorId,
                    name + " '" + Http.ServerText.Inert(id) + "' is not an SAE id: it is 1 to 64 letters, digits and '-', as the SAE console shows it (e.g. 7171a6ca-d1cd-4928-8642-7d5cfe69****).",
                    name);
            }
        }
    }
}
