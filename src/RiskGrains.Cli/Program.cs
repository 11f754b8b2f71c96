using RiskGrains.Cli;
using Spectre.Console;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C ends the command cleanly (a watch, the demo feed); a second one ends the process.
    if (!stop.IsCancellationRequested)
    {
        e.Cancel = true;
        stop.Cancel();
    }
};

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Into a file or a pipe: tables as wide as they need, not the 80 columns of an unknown terminal.
    console.Profile.Width = 200;
}

return await CliApp.RunAsync(args, console, stop.Token);
