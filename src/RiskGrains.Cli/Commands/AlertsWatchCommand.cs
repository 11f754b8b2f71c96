using System.ComponentModel;
using System.Globalization;
using RiskGrains.Contract.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RiskGrains.Cli.Commands;

public sealed class AlertsWatchSettings : GlobalSettings
{
    [CommandOption("--after <SEQUENCE>")]
    [Description("Only alerts after this sequence (the last one seen); 0, the default, replays every stored alert")]
    public ulong After { get; init; }

    [CommandOption("--rule <RULE_ID>")]
    [Description("Only this rule's alerts; repeat for several (default: every rule)")]
    public string[] Rules { get; init; } = [];

    [CommandOption("--count <N>")]
    [Description("Stop after N alerts")]
    public int? Count { get; init; }
}

/// <summary>
/// <c>alerts watch</c>: the stored alerts after a sequence, then each new one as it fires (WatchAlerts), a line each,
/// across server restarts (the client resumes after the last alert printed). Ctrl+C stops.
/// </summary>
public sealed class AlertsWatchCommand(IAnsiConsole console) : ServerCommand<AlertsWatchSettings>(console)
{
    protected override async Task<int> RunAsync(Connection connection, AlertsWatchSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Count is <= 0)
        {
            throw new UsageException("--count must be 1 or more");
        }

        await connection.ProbeAsync(cancellationToken);
        var received = 0;
        try
        {
            await foreach (var alert in connection.Client.WatchAlertsAsync(settings.After, settings.Rules, cancellationToken))
            {
                if (settings.Json)
                {
                    WriteJson(alert);
                }
                else
                {
                    Console.MarkupLine(Line(alert));
                }

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

    /// <summary>One alert for people: sequence, time, company, rule, the field's value against its threshold, the version.</summary>
    public static string Line(AlertEvent alert) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"#{alert.Sequence} {Formats.Time(alert.Time)}  [bold]{Markup.Escape(alert.CompanyId)}[/]  {Markup.Escape(alert.RuleId)}: {Markup.Escape(alert.Field)} {Number(alert.Value)} (threshold {Number(alert.Threshold)})  v{alert.Version}");

    // Scores and multiples read to two decimals; probabilities and other small values keep four significant digits.
    private static string Number(double value) =>
        Math.Abs(value) >= 1 || value == 0
            ? value.ToString("#,##0.##", CultureInfo.InvariantCulture)
            : value.ToString("0.####", CultureInfo.InvariantCulture) is var fixedPoint && fixedPoint != "0" ? fixedPoint : value.ToString("0.###E+0", CultureInfo.InvariantCulture);
}
