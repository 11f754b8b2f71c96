using Spectre.Console;
using Spectre.Console.Testing;

namespace RiskGrains.Cli.Tests;

/// <summary>What one command line did: its exit code, what it printed (the console) and its error line (standard error).</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs the tool in process on a wide test console, as a terminal of 200 columns would show it.</summary>
    public static async Task<CliRun> RunAsync(IEnumerable<string> args, IKeySource? keys = null, CancellationToken cancellationToken = default, TestConsole? console = null)
    {
        console ??= new TestConsole().Width(200);
        console.Profile.Capabilities.Ansi = false;
        var errors = new StringWriter();
        var code = await CliApp.RunAsync([.. args], console, cancellationToken, errors, keys ?? new NoKeys());
        return new CliRun(code, console.Output, errors.ToString());
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync((IEnumerable<string>)args);

    /// <summary>The lines of the output, trailing spaces trimmed.</summary>
    public IReadOnlyList<string> Lines => Output.Split('\n').Select(l => l.TrimEnd()).ToList();

    private sealed class NoKeys : IKeySource
    {
        public ConsoleKeyInfo? Poll() => null;
    }
}

/// <summary>Keys a test presses: <c>q</c> once its script (run while the view is up) has finished.</summary>
public sealed class ScriptedKeys(Func<Task> script) : IKeySource
{
    private Task? _running;

    public ConsoleKeyInfo? Poll()
    {
        _running ??= Task.Run(script);
        return _running.IsCompleted ? new ConsoleKeyInfo('q', ConsoleKey.Q, false, false, false) : null;
    }

    /// <summary>The script's failure, if it failed.</summary>
    public Task Completion => _running ?? Task.CompletedTask;
}
