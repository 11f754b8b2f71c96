using System.ComponentModel;
using Spectre.Console.Cli;

namespace RiskGrains.Cli.Commands;

public sealed class PortfolioSettings : GlobalSettings
{
    [CommandArgument(0, "<PORTFOLIO>")]
    [Description("A portfolio id, such as hyperscalers")]
    public string PortfolioId { get; init; } = "";

    [CommandOption("--count <N>")]
    [Description("watch: stop after N updates")]
    public int? Count { get; init; }
}
