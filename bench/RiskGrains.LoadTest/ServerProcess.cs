using System.Diagnostics;
using System.Globalization;

namespace RiskGrains.LoadTest;

/// <summary>
/// The server seen from outside through /proc (Linux): found by the socket listening on the
/// target's port, its resident memory (VmRSS) and CPU time. Every read is best effort: null when
/// the process is gone or unreadable.
/// </summary>
internal sealed class ServerProcess
{
    private ServerProcess(int pid, string foundBy)
    {
        Pid = pid;
        FoundBy = foundBy;
    }

    public int Pid { get; }

    /// <summary>"--server-pid" or "listening port N".</summary>
    public string FoundBy { get; }

    /// <summary>The given pid, or the process holding the LISTEN socket of <paramref name="port"/>; null if none.</summary>
    public static ServerProcess? Find(int? pid, int port)
    {
        if (pid is { } given)
        {
            return new ServerProcess(given, "--server-pid");
        }

        var inodes = ListeningInodes(port);
        if (inodes.Count == 0)
        {
            return null;
        }

        var wanted = inodes.Select(i => $"socket:[{i}]").ToHashSet(StringComparer.Ordinal);
        var self = Environment.ProcessId;
        foreach (var dir in SafeEnumerate(() => Directory.EnumerateDirectories("/proc")))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate) || candidate == self)
            {
                continue;
            }

            foreach (var fd in SafeEnumerate(() => Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd"))))
            {
                string? target;
                try
                {
                    target = new FileInfo(fd).LinkTarget;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                if (target is not null && wanted.Contains(target))
                {
                    return new ServerProcess(candidate, $"listening port {port}");
                }
            }
        }

        return null;
    }

    /// <summary>Inodes of the LISTEN sockets (state 0A) on <paramref name="port"/>, IPv4 and IPv6.</summary>
    private static List<long> ListeningInodes(int port)
    {
        var inodes = new List<long>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(table);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            foreach (var line in lines.Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 10 || f[3] != "0A")
                {
                    continue;
                }

                var local = f[1];
                var colon = local.LastIndexOf(':');
                if (colon > 0
                    && int.TryParse(local.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var p) && p == port
                    && long.TryParse(f[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode) && inode != 0)
                {
                    inodes.Add(inode);
                }
            }
        }

        return inodes;
    }

    /// <summary>VmRSS from /proc/PID/status, in bytes.</summary>
    public long? ResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return null;
    }

    /// <summary>The minimum of <paramref name="samples"/> VmRSS reads <paramref name="interval"/> apart (the server's GC cannot be forced from here).</summary>
    public async Task<long?> MinimumResidentBytes(int samples, TimeSpan interval, CancellationToken cancellationToken)
    {
        long? min = null;
        for (var i = 0; i < samples; i++)
        {
            if (i > 0)
            {
                await Task.Delay(interval, cancellationToken);
            }

            if (ResidentBytes() is { } rss)
            {
                min = min is null ? rss : Math.Min(min.Value, rss);
            }
        }

        return min;
    }

    /// <summary>User + system CPU time of the server so far.</summary>
    public TimeSpan? CpuTime()
    {
        try
        {
            using var process = Process.GetProcessById(Pid);
            return process.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            return null;
        }
    }

    private static IEnumerable<string> SafeEnumerate(Func<IEnumerable<string>> source)
    {
        IEnumerator<string> e;
        try
        {
            e = source().GetEnumerator();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        using (e)
        {
            while (true)
            {
                try
                {
                    if (!e.MoveNext())
                    {
                        yield break;
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    yield break;
                }

                yield return e.Current;
            }
        }
    }
}
