using System.ComponentModel;
using Spectre.Console.Cli;

namespace RiskGrains.Cli.Commands;

/// <summary>Settings of a command over one or more company ids.</summary>
public class CompanyIdsSettings : GlobalSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("Company ids, such as MSFT")]
    public string[] Ids { get; init; } = [];
}
