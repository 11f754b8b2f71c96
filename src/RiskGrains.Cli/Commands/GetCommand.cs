using RiskGrains.Contract.V1;
using Spectre.Console;

namespace RiskGrains.Cli.Commands;

/// <summary><c>get ID...</c>: each company's current risk (GetRisk), side by side.</summary>
public sealed class GetCommand(IAnsiConsole console) : ServerCommand<CompanyIdsSettings>(console)
{
    protected override async Task<int> RunAsync(Connection connection, CompanyIdsSettings settings, CancellationToken cancellationToken)
    {
        var risks = new List<CompanyRisk>();
        foreach (var id in settings.Ids.Distinct(StringComparer.Ordinal))
        {
            risks.Add(await connection.Client.GetRiskAsync(id, cancellationToken: cancellationToken));
        }

        if (settings.Json)
        {
            risks.ForEach(WriteJson);
        }
        else
        {
            Console.Write(RiskTable.Of(risks));
        }

        return ExitCodes.Ok;
    }
}
