using System.Security.Cryptography;
using System.Text;

namespace RiskGrains.Server.Security;

/// <summary>
/// <c>keygen NAME ROLES</c>: a new random API key, printed once, and the line of the key file that
/// admits it (its SHA-256, the name, the roles). The server never sees or stores the key itself.
/// </summary>
internal static class KeyGenCommand
{
    /// <summary>Marks the string as a RiskGrains key, so secret scanners and people recognise one.</summary>
    public const string Prefix = "rgk_";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (args.Count != 2)
        {
            error.WriteLine("usage: keygen NAME ROLES   (ROLES: reader, writer or admin, several separated by commas)");
            return 2;
        }

        var key = NewKey();
        var line = $"{Hash(key)} {args[0]} {args[1]}";
        try
        {
            PrincipalFile.Parse("keygen", [line]);
        }
        catch (FormatException invalid)
        {
            error.WriteLine(invalid.Message.Replace("keygen line 1: ", "keygen: ", StringComparison.Ordinal));
            return 2;
        }

        output.WriteLine($"API key for {args[0]} (shown once: hand it over as a secret, it cannot be recovered):");
        output.WriteLine(key);
        output.WriteLine("Line for the key file (RiskGrains:Auth:ApiKeysFile), read by the server within a second:");
        output.WriteLine(line);
        return 0;
    }

    /// <summary>32 random bytes, base64url: 256 bits, nothing to guess.</summary>
    public static string NewKey() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The key file's first field for <paramref name="key"/>: lower-case hex of its UTF-8 SHA-256, as sha256sum prints it.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
