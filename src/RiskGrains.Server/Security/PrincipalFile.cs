using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace RiskGrains.Server.Security;

/// <summary>
/// A file of <c>&lt;sha256 hex&gt; &lt;name&gt; &lt;role&gt;[,&lt;role&gt;...]</c> lines: the API key file
/// (the hash of each key, never the key) and the client certificate file (each certificate's SHA-256
/// thumbprint). Re-read when it changes, checked at most once a second on use: its resolved path,
/// last-write time and length, which also sees a Kubernetes ConfigMap's symlink swap, where file
/// watchers miss it. A new version that does not parse is refused, logged, and the previous one kept.
/// </summary>
internal sealed class PrincipalFile
{
    public const string LineFormat = "<sha256 hex> <name> <role>[,<role>...]";

    private const long CheckIntervalMs = 1_000;
    private const int MaxNameLength = 64;

    private readonly string _setting;
    private readonly string _path;
    private readonly ILogger _logger;
    private IReadOnlyList<PrincipalEntry> _entries;
    private (string Target, DateTime Written, long Length) _seen;
    private bool _unreadable;
    private long _nextCheck;
    private int _checking;

    private PrincipalFile(string setting, string path, ILogger logger, IReadOnlyList<PrincipalEntry> entries, (string, DateTime, long) seen)
    {
        _setting = setting;
        _path = path;
        _logger = logger;
        _entries = entries;
        _seen = seen;
        _nextCheck = Environment.TickCount64 + CheckIntervalMs;
    }

    public int Count => Volatile.Read(ref _entries).Count;

    /// <summary>Reads the file named by <paramref name="setting"/>; an unreadable or malformed file stops the start.</summary>
    public static PrincipalFile Load(string setting, string path, ILogger? logger = null)
    {
        try
        {
            var seen = Signature(path);
            return new PrincipalFile(setting, path, logger ?? NullLogger.Instance, Parse(path, File.ReadAllLines(path)), seen);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new OptionsValidationException(setting, typeof(AuthOptions), [Describe(setting, ex)]);
        }
    }

    /// <summary>What is wrong with the file, named by its setting; null when it reads well.</summary>
    public static string? Problem(string setting, string path)
    {
        try
        {
            Parse(path, File.ReadAllLines(path));
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return Describe(setting, ex);
        }
    }

    /// <summary>
    /// The entry whose hash is <paramref name="hash"/>, or null. Every entry is compared, in constant
    /// time, so the time taken tells nothing about how close a guess came.
    /// </summary>
    public PrincipalEntry? Find(ReadOnlySpan<byte> hash)
    {
        PrincipalEntry? found = null;
        foreach (var entry in Current())
        {
            if (CryptographicOperations.FixedTimeEquals(entry.Hash, hash))
            {
                found = entry;
            }
        }

        return found;
    }

    /// <summary>Reads the lines of a principal file; a FormatException names the file and the line.</summary>
    public static IReadOnlyList<PrincipalEntry> Parse(string path, IReadOnlyList<string> lines)
    {
        var entries = new List<PrincipalEntry>();
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // The line is never quoted in a message: a key pasted by mistake in place of its hash stays out of the log.
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            string Problem(string what) => $"{path} line {i + 1}: {what}";
            if (fields.Length != 3)
            {
                throw new FormatException(Problem($"expected 3 fields '{LineFormat}', found {fields.Length}"));
            }

            var hex = fields[0].Replace(":", "", StringComparison.Ordinal);
            if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
            {
                throw new FormatException(Problem("the first field must be a SHA-256 hash, 64 hex digits (of the key, never the key itself; of a certificate, its thumbprint)"));
            }

            if (fields[1].Length > MaxNameLength || !fields[1].All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@' or ':'))
            {
                throw new FormatException(Problem($"the name must be 1 to {MaxNameLength} characters of A-Z a-z 0-9 . _ - @ :"));
            }

            if (!Roles.TryParse(fields[2], out var roles, out var unknown))
            {
                throw new FormatException(Problem($"'{unknown}' is not a role; the roles are {string.Join(", ", Roles.All)}, separated by commas"));
            }

            var hash = Convert.FromHexString(hex);
            if (lineOf.TryGetValue(Convert.ToHexString(hash), out var first))
            {
                throw new FormatException(Problem($"the same hash as line {first}"));
            }

            lineOf[Convert.ToHexString(hash)] = i + 1;
            entries.Add(new PrincipalEntry(hash, fields[1], roles));
        }

        return entries;
    }

    private IReadOnlyList<PrincipalEntry> Current()
    {
        var now = Environment.TickCount64;
        if (now >= Volatile.Read(ref _nextCheck) && Interlocked.Exchange(ref _checking, 1) == 0)
        {
            try
            {
                Volatile.Write(ref _nextCheck, now + CheckIntervalMs);
                Refresh();
            }
            finally
            {
                Volatile.Write(ref _checking, 0);
            }
        }

        return Volatile.Read(ref _entries);
    }

    private void Refresh()
    {
        (string Target, DateTime Written, long Length) seen;
        try
        {
            seen = Signature(_path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone or unreadable (a ConfigMap mid-swap, a permission change): logged once until it is back.
            if (!_unreadable)
            {
                _unreadable = true;
                _logger.LogError("{Problem}; keeping the {Count} entries read before", Describe(_setting, ex), Count);
            }

            return;
        }

        _unreadable = false;
        if (seen == _seen)
        {
            return;
        }

        // Seen either way, so a broken version is logged once, not every second.
        _seen = seen;
        try
        {
            var entries = Parse(_path, File.ReadAllLines(_path));
            Volatile.Write(ref _entries, entries);
            _logger.LogInformation("{Setting} changed: {Count} entries read from {Path}", _setting, entries.Count, _path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            _logger.LogError("{Problem}; the new version is not used, the {Count} entries read before are kept", Describe(_setting, ex), Count);
        }
    }

    private static (string Target, DateTime Written, long Length) Signature(string path)
    {
        // A ConfigMap's file is a symlink to ..data/<name>, and ..data a symlink to a new folder on each update.
        var file = new FileInfo(path);
        var target = file.LinkTarget is null ? file : (file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file);
        target.Refresh();
        return target.Exists
            ? (target.FullName, target.LastWriteTimeUtc, target.Length)
            : throw new FileNotFoundException($"{path} does not exist", path);
    }

    private static string Describe(string setting, Exception ex) => ex switch
    {
        FormatException => $"{setting}: {ex.Message}",
        FileNotFoundException or DirectoryNotFoundException => $"{setting}: {ex.Message.TrimEnd('.')}",
        _ => string.Create(CultureInfo.InvariantCulture, $"{setting}: cannot be read ({ex.Message.TrimEnd('.')})"),
    };
}
