using System.Runtime.CompilerServices;
using Grpc.Core;
using RiskGrains.Contract.V1;
using Spectre.Console;

namespace RiskGrains.Cli.Commands;

/// <summary><c>portfolio watch P</c>: the portfolio's figures, drawn again as they change (WatchPortfolio).</summary>
public sealed class PortfolioWatchCommand(IAnsiConsole console, IKeySource keys, TimeProvider clock) : ServerCommand<PortfolioSettings>(console)
{
    protected override async Task<int> RunAsync(Connection connection, PortfolioSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Count is <= 0)
        {
            throw new UsageException("--count must be 1 or more");
        }

        await connection.ProbeAsync(cancellationToken);
        var received = 0;
        if (settings.Json)
        {
            try
            {
                await foreach (var risk in Stream(connection, settings.PortfolioId, cancellationToken))
                {
                    WriteJson(risk);
                    if (++received >= settings.Count)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the watch ends as asked.
            }

            return ExitCodes.Ok;
        }

        PortfolioRisk? latest = null;
        DateTimeOffset? at = null;
        var started = clock.GetUtcNow();
        await LiveView.RunAsync(
            Console,
            keys,
            clock,
            token => Stream(connection, settings.PortfolioId, token),
            (risk, now) => (latest, at, received) = (risk, now, received + 1),
            now => latest is null
                ? new Markup($"[grey]waiting for portfolio {Markup.Escape(settings.PortfolioId)}…[/]")
                : PortfolioView.Of(latest, $"{received} updates in {Formats.Age(now - started)}, the latest {Formats.Age(now - at!.Value)} ago · q quits"),
            () => settings.Count is { } count && received >= count,
            cancellationToken);
        return ExitCodes.Ok;
    }

    // The client's watch reconnects across a server restart or the loss of a silo, and ends on NOT_FOUND.
    private static IAsyncEnumerable<PortfolioRisk> Stream(Connection connection, string portfolioId, CancellationToken cancellationToken) =>
        connection.Client.WatchPortfolioAsync(portfolioId, cancellationToken);
}
