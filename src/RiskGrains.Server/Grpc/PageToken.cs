namespace RiskGrains.Server.Grpc;

/// <summary>An opaque page token: the last company id of the previous page.</summary>
internal static class PageToken
{
    /// <summary>The longest token issued: the base64 of the prefix and a company id of 64 characters.</summary>
    public const int MaxLength = 96;

    private const string Prefix = "after:";

    public static string Encode(string lastId) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Prefix + lastId));

    /// <summary>The last id of the previous page; null for an empty token or one this service did not issue.</summary>
    public static string? Decode(string token)
    {
        if (token.Length is 0 or > MaxLength)
        {
            return null;
        }

        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith(Prefix, StringComparison.Ordinal) && Model.InputRules.IsValidCompanyId(text[Prefix.Length..]) ? text[Prefix.Length..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
