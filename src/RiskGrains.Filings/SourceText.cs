namespace RiskGrains.Filings;

/// <summary>The <c>source</c> strings the importers write: plain text that fits the service's limit.</summary>
internal static class SourceText
{
    /// <summary>
    /// The service's default <c>RiskGrains:Limits:MaxSourceLength</c>: a longer source would be refused
    /// when the imported inputs are sent.
    /// </summary>
    public const int MaxLength = 500;

    /// <summary>The text, cut to <see cref="MaxLength"/> with an ellipsis when longer, line breaks and tabs made spaces.</summary>
    public static string Fit(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var plain = new string(text.Select(ch => char.IsControl(ch) || ch is '\u2028' or '\u2029' ? ' ' : ch).ToArray());
        return plain.Length <= MaxLength ? plain : string.Concat(plain.AsSpan(0, MaxLength - 1), "…");
    }
}
