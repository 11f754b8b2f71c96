using System.ComponentModel;
using RiskGrains.Contract.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RiskGrains.Cli.Commands;

/// <summary>
/// <c>watch ID... | --portfolio P</c>: a live table of the companies (WatchRisk, through the client's watch that
/// reconnects and resumes), or one JSON line per update with <c>--output json</c>.
/// </summary>
public sealed class WatchCommand(IAnsiConsole console, IKeySource keys, TimeProvider clock) : ServerCommand<WatchCommand.Settings>(console)
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "[ID]")]
        [Description("Company ids, such as MSFT")]
        public string[] Ids { get; init; } = [];

        [CommandOption("--portfolio <ID>")]
        [Description("Watch the members of this portfolio instead")]
        public string? Portfolio { get; init; }

        [CommandOption("--count <N>")]
        [Description("Stop after N updates (the first snapshot of each company counts)")]
        public int? Count { get; init; }

        public override ValidationResult Validate()
        {
            if ((Ids.Length == 0) == (Portfolio is null))
            {
                return ValidationResult.Error("watch takes company ids or --portfolio, one of the two");
            }

            return Count is <= 0 ? ValidationResult.Error("--count must be 1 or more") : base.Validate();
        }
    }

    protected override async Task<int> RunAsync(Connection connection, Settings settings, CancellationToken cancellationToken)
    {
        await connection.ProbeAsync(cancellationToken);
        var ids = settings.Ids.Distinct(StringComparer.Ordinal).ToList();
        var title = $"riskgrains watch · {connection.Address}";
        if (settings.Portfolio is { } portfolioId)
        {
            var portfolio = await connection.Client.GetPortfolioAsync(portfolioId, cancellationToken: cancellationToken);
            ids = [.. portfolio.Positions.Select(p => p.CompanyId).Distinct(StringComparer.Ordinal)];
            title = $"portfolio {portfolioId} · {connection.Address}";
            if (ids.Count == 0)
            {
                throw new UsageException($"portfolio {portfolioId} has no positions to watch");
            }
        }

        var received = 0;
        if (settings.Json)
        {
            try
            {
                await foreach (var update in connection.Client.WatchAsync(ids, cancellationToken: cancellationToken))
                {
                    WriteJson(update);
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

        var board = new WatchBoard(ids, clock.GetUtcNow(), title);
        await LiveView.RunAsync(
            Console,
            keys,
            clock,
            token => connection.Client.WatchAsync(ids, cancellationToken: token),
            (update, at) => board.Apply(update, at),
            now => board.Render(now, Console.Profile.Width),
            () => settings.Count is { } count && board.Updates >= count,
            cancellationToken);
        return ExitCodes.Ok;
    }
}
