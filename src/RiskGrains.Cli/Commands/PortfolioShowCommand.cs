using RiskGrains.Contract.V1;
using Spectre.Console;

namespace RiskGrains.Cli.Commands;

/// <summary><c>portfolio show P</c>: the portfolio's current figures (GetPortfolio).</summary>
public sealed class PortfolioShowCommand(IAnsiConsole console) : ServerCommand<PortfolioSettings>(console)
{
    protected override async Task<int> RunAsync(Connection connection, PortfolioSettings settings, CancellationToken cancellationToken)
    {
        var risk = await connection.Client.GetPortfolioAsync(settings.PortfolioId, cancellationToken: cancellationToken);
        if (settings.Json)
        {
            WriteJson(risk);
        }
        else
        {
            Console.Write(PortfolioView.Of(risk));
        }

        return ExitCodes.Ok;
    }
}
