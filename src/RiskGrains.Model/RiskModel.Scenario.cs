using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace RiskGrains.Model;

public static partial class RiskModel
{
    /// <summary>
    /// Evaluates a scenario (docs/risk-model.md §4): the shocks are applied to a copy of the inputs, which are
    /// left unchanged. Haircuts and the credit window combine with those already in
    /// <paramref name="parameters"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The shocks are invalid (see <see cref="ScenarioShocks.Validate"/>).</exception>
    public static RiskAssessment EvaluateScenario(CompanyInputs inputs, ModelParameters parameters, ScenarioShocks shocks)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(shocks);
        var errors = shocks.Validate();
        if (errors.Any())
        {
            throw new ArgumentException(
                "invalid scenario shocks: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")),
                nameof(shocks));
        }

        var market = Shock(inputs.Market, shocks);
        var shockedParameters = parameters with
        {
            OcfHaircut = 1.0 - ((1.0 - parameters.OcfHaircut) * (1.0 - shocks.OcfHaircut)),
            EbitdaHaircut = 1.0 - ((1.0 - parameters.EbitdaHaircut) * (1.0 - shocks.EbitdaHaircut)),
            CreditWindowClosed = parameters.CreditWindowClosed || shocks.CreditWindowClosed,
        };

        if (!Fundamentals.TryCompute(inputs.Periods, out var fundamentals))
        {
            return WithoutFinancials(inputs.Commitments.IsDefault ? 0 : inputs.Commitments.Length, market is not null);
        }

        // docs/risk-model.md §6: contagion first, then the shocks, so their haircuts combine multiplicatively.
        fundamentals.ApplyContagion(Contagion.Haircut(inputs.Dependencies));

        // Refinancing the short-term debt at the shocked cost (docs/risk-model.md §4).
        double extraInterest = fundamentals.Newest.ShortTermDebt * (shocks.RateShockBps + shocks.SpreadShockBps) / 1e4;
        fundamentals.InterestExpenseTtm += extraInterest;
        fundamentals.OperatingCashFlowTtm -= extraInterest;

        var commitments = Accelerate(inputs.Commitments, fundamentals.T0, shocks.CommitmentAcceleration);
        PreparedFundamentals.Prepare(in fundamentals, commitments, inputs.Dependencies, shockedParameters, out var prepared);
        return prepared.Assess(market);
    }

    private static MarketState? Shock(MarketState? market, ScenarioShocks shocks)
    {
        if (market is null)
        {
            return null;
        }

        // A drift that defaulted to the rate stays absent, so it follows the shocked rate.
        return market with
        {
            MarketCap = market.MarketCap * (1.0 + shocks.EquityShock),
            EquityVolatility = market.EquityVolatility * shocks.VolatilityMultiplier,
            RiskFreeRate = market.RiskFreeRate + (shocks.RateShockBps / 1e4),
        };
    }

    private static ImmutableArray<Commitment> Accelerate(ImmutableArray<Commitment> commitments, DateOnly t0, double fraction)
    {
        if (fraction <= 0 || commitments.IsDefaultOrEmpty)
        {
            return commitments;
        }

        var horizon = AddMonths(t0, 12);
        var pulledTo = AddMonths(t0, 6);
        var result = new Commitment[commitments.Length];
        for (int i = 0; i < commitments.Length; i++)
        {
            var c = commitments[i];
            if (c.Payments.IsDefaultOrEmpty)
            {
                result[i] = c;
                continue;
            }

            var payments = ImmutableArray.CreateBuilder<DatedAmount>(c.Payments.Length * 2);
            foreach (var payment in c.Payments)
            {
                if (payment.Date <= horizon)
                {
                    payments.Add(payment);
                    continue;
                }

                payments.Add(new DatedAmount(pulledTo, payment.Amount * fraction));
                if (fraction < 1)
                {
                    payments.Add(payment with { Amount = payment.Amount * (1.0 - fraction) });
                }
            }

            result[i] = c with { Payments = payments.ToImmutable() };
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(result);
    }

    // A t0 within a year of the calendar's end (stored before dates were checked) must not make the
    // scenario throw: the months run up to the last day there is.
    private static DateOnly AddMonths(DateOnly date, int months) =>
        date > DateOnly.MaxValue.AddMonths(-months) ? DateOnly.MaxValue : date.AddMonths(months);
}
