using System.Collections.Immutable;
using RiskGrains.Model;
using RiskGrains.Server.Hosting;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>The readers of PortfolioService's requests: the rules of <see cref="PortfolioRules"/> and the limits.</summary>
internal static partial class RequestReader
{
    /// <summary>The portfolio to store; an LGD of 0 (unset) is the default, 0.45 (docs/risk-model.md §7).</summary>
    public static Portfolio Read(V1.UpsertPortfolioRequest request, RequestLimits limits, List<FieldError> errors)
    {
        const string path = "portfolio";
        if (request.Portfolio is not { } portfolio)
        {
            errors.Add(new FieldError(path, "is required"));
            return new Portfolio("", "", "", [], null);
        }

        RequestLimits.Length(portfolio.Name, limits.Options.MaxNameLength, nameof(LimitsOptions.MaxNameLength), InputRules.Join(path, "name"), errors);

        // Too many: the positions are not read, so a huge list costs no more than its count.
        var positions = ImmutableArray<Position>.Empty;
        if (RequestLimits.Count(portfolio.Positions.Count, limits.Options.MaxPortfolioPositions, "positions", nameof(LimitsOptions.MaxPortfolioPositions), InputRules.Join(path, "positions"), errors))
        {
            positions = [.. portfolio.Positions.Select(p => new Position(p.CompanyId, p.Exposure, p.Lgd == 0 ? Position.DefaultLgd : p.Lgd))];
        }

        var read = new Portfolio(portfolio.PortfolioId, portfolio.Name, portfolio.Currency, positions, portfolio.HasAssetCorrelation ? portfolio.AssetCorrelation : null);
        errors.AddRange(PortfolioRules.Validate(read, path));
        return read;
    }

    public static string Read(V1.RemovePortfolioRequest request, List<FieldError> errors) => PortfolioId(request.PortfolioId, errors);

    public static string Read(V1.GetPortfolioRequest request, List<FieldError> errors) => PortfolioId(request.PortfolioId, errors);

    public static string Read(V1.WatchPortfolioRequest request, List<FieldError> errors) => PortfolioId(request.PortfolioId, errors);

    // Portfolio ids follow the rules of company ids, so the listing's token is the same.
    public static (string? After, int PageSize) Read(V1.ListPortfoliosRequest request, RequestLimits limits, List<FieldError> errors) =>
        Page(request.PageSize, request.PageToken, limits, errors);

    public static (string PortfolioId, string Preset, ScenarioShocks Shocks) Read(V1.RunPortfolioScenarioRequest request, List<FieldError> errors)
    {
        var id = PortfolioId(request.PortfolioId, errors);
        var shocks = Scenario(
            request.ScenarioCase == V1.RunPortfolioScenarioRequest.ScenarioOneofCase.Preset ? request.Preset : null,
            request.ScenarioCase == V1.RunPortfolioScenarioRequest.ScenarioOneofCase.Shocks ? request.Shocks : null,
            errors);
        return (id, request.Preset, shocks);
    }

    // A portfolio id follows the rules of a company id (docs/risk-model.md §7).
    private static string PortfolioId(string id, List<FieldError> errors)
    {
        errors.AddRange(InputRules.ValidateCompanyId(id, "portfolio_id"));
        return id;
    }
}
