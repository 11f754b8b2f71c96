namespace RiskGrains.Cli;

/// <summary>
/// Lets the options every command takes (<c>--server</c>, <c>--api-key</c>, <c>--output</c>) stand before the command
/// too: Spectre.Console.Cli reads a command's options only after its name, so those found before it are moved to just
/// after the command's path (<c>portfolio show</c>, <c>import sec</c>) before parsing.
/// </summary>
public static class GlobalArguments
{
    /// <summary>The global options, each followed by a value (<c>--server URL</c> or <c>--server=URL</c>).</summary>
    public static readonly IReadOnlySet<string> Options = new HashSet<string>(StringComparer.Ordinal) { "--server", "--api-key", "--output", "-o" };

    /// <summary>The commands that are branches: their path is two words.</summary>
    public static readonly IReadOnlySet<string> Branches = new HashSet<string>(StringComparer.Ordinal) { "portfolio", "import", "alerts" };

    public static string[] Reorder(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var path = new List<string>();
        var moved = new List<string>();
        var i = 0;
        while (i < args.Count && !PathComplete(path))
        {
            var arg = args[i];
            if (IsGlobal(arg, out var takesNext))
            {
                moved.Add(arg);
                if (takesNext && i + 1 < args.Count)
                {
                    moved.Add(args[i + 1]);
                    i++;
                }
            }
            else if (arg.StartsWith('-'))
            {
                // --help, --version or an unknown option before the command: left where it is for the parser to judge.
                break;
            }
            else
            {
                path.Add(arg);
            }

            i++;
        }

        if (moved.Count == 0)
        {
            return [.. args];
        }

        return [.. path, .. moved, .. args.Skip(i)];
    }

    private static bool PathComplete(List<string> path) =>
        path.Count >= 2 || (path.Count == 1 && !Branches.Contains(path[0]));

    private static bool IsGlobal(string arg, out bool takesNext)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        var name = equals > 0 ? arg[..equals] : arg;
        takesNext = equals < 0;
        return Options.Contains(name);
    }
}
