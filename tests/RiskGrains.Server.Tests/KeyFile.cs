using RiskGrains.Server.Security;

namespace RiskGrains.Server.Tests;

/// <summary>A key file written for one test: a new key per caller, and the file of their hashes (never the keys).</summary>
internal sealed class KeyFile
{
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

    public KeyFile(params (string Name, string Roles)[] callers)
    {
        Path = System.IO.Path.Combine(ServiceHost.TempDirectory(), "api-keys");
        Write(callers);
    }

    public string Path { get; }

    /// <summary>The settings of ApiKey mode with this file.</summary>
    public string[] Settings => ["--RiskGrains:Auth:Mode", "ApiKey", "--RiskGrains:Auth:ApiKeysFile", Path];

    /// <summary>The key of the caller named.</summary>
    public string this[string name] => _keys[name];

    /// <summary>Replaces the file as a deployment would: a new file moved over the old one, with a new key for each caller.</summary>
    public void Write(params (string Name, string Roles)[] callers)
    {
        var lines = new List<string> { "# name roles, one key per line", "" };
        foreach (var (name, roles) in callers)
        {
            var key = KeyGenCommand.NewKey();
            _keys[name] = key;
            lines.Add($"{KeyGenCommand.Hash(key)} {name} {roles}");
        }

        var next = Path + ".new";
        File.WriteAllLines(next, lines);
        File.Move(next, Path, overwrite: true);
    }
}
