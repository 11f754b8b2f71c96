using Google.Protobuf;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RiskGrains.Cli.Commands;

/// <summary>A command that talks to the service: it gets a connection, and prints tables or JSON lines.</summary>
public abstract class ServerCommand<TSettings>(IAnsiConsole console) : AsyncCommand<TSettings>
    where TSettings : GlobalSettings
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    protected IAnsiConsole Console { get; } = console;

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        using var connection = new Connection(settings);
        return await RunAsync(connection, settings, cancellationToken);
    }

    protected abstract Task<int> RunAsync(Connection connection, TSettings settings, CancellationToken cancellationToken);

    /// <summary>One message as one line of canonical proto3 JSON (as buf curl prints it, on one line).</summary>
    protected void WriteJson(IMessage message) => WriteLine(Formatter.Format(message));

    /// <summary>A line as it is: never wrapped at the console's width, never read as markup.</summary>
    protected void WriteLine(string line)
    {
        var writer = Console.Profile.Out.Writer;
        writer.WriteLine(line);
        writer.Flush();
    }
}
