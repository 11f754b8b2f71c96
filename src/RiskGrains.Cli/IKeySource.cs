using Spectre.Console;

namespace RiskGrains.Cli;

/// <summary>Keys pressed while a live view runs; none when the input is not a terminal.</summary>
public interface IKeySource
{
    /// <summary>A key pressed since the last call, without waiting; null when none.</summary>
    ConsoleKeyInfo? Poll();
}

/// <summary>The console's keys (a test console's pushed keys too); nothing when input is redirected.</summary>
internal sealed class ConsoleKeys(IAnsiConsole console) : IKeySource
{
    private bool _unavailable;

    public ConsoleKeyInfo? Poll()
    {
        if (_unavailable)
        {
            return null;
        }

        try
        {
            return console.Input.IsKeyAvailable() ? console.Input.ReadKey(intercept: true) : null;
        }
        catch (InvalidOperationException)
        {
            // Input redirected (a pipe, a service): only Ctrl+C stops a live view.
            _unavailable = true;
            return null;
        }
    }
}
