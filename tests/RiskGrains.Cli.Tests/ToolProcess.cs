using System.Diagnostics;
using System.Text;

namespace RiskGrains.Cli.Tests;

/// <summary>The tool run as its own process, as from a shell: its exit code, standard output and standard error.</summary>
public static class ToolProcess
{
    /// <summary>
    /// The built tool in its own output folder (src/RiskGrains.Cli/bin/…, the configuration of the tests): the copy
    /// beside the tests resolves its dependencies against the tests' ASP.NET Core framework, which a tool has not.
    /// </summary>
    public static string ToolDll { get; } = Path.Combine(
        AppContext.BaseDirectory.Replace(
            Path.Combine("tests", "RiskGrains.Cli.Tests"), Path.Combine("src", "RiskGrains.Cli"), StringComparison.Ordinal),
        "riskgrains.dll");

    /// <summary>Runs the built tool with <paramref name="args"/>.</summary>
    public static Task<CliRun> RunAsync(TimeSpan timeout, params string[] args) =>
        RunFileAsync("dotnet", [ToolDll, .. args], timeout);

    /// <summary>Runs <paramref name="file"/>, such as an installed tool's command.</summary>
    public static async Task<CliRun> RunFileAsync(string file, IEnumerable<string> args, TimeSpan timeout, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("RISKGRAINS_SERVER");
        start.Environment.Remove("RISKGRAINS_API_KEY");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        // The test host's own MSBuild settings are not a nested build's.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && k != "MSBUILDDISABLENODEREUSE").ToList())
        {
            start.Environment.Remove(name);
        }

        var output = new StringBuilder();
        var error = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} took more than {timeout}:\n{output}\n{error}");
        }

        // The exit has been seen; the last lines of the pipes may still be on their way.
        process.WaitForExit();
        lock (output)
        {
            lock (error)
            {
                return new CliRun(process.ExitCode, output.ToString(), error.ToString());
            }
        }
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }
}
