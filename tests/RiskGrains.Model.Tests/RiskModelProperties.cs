using System.Reflection;
using FsCheck.Xunit;

namespace RiskGrains.Model.Tests;

[Properties(Arbitrary = [typeof(Generators)], MaxTest = 200)]
public class RiskModelProperties
{
    private const double Scale = 1e6;

    [Property]
    public void Scaling_every_money_amount_by_1e6_leaves_every_ratio_probability_runway_and_score_unchanged(GeneratedCompany company)
    {
        var a = RiskModel.Evaluate(company.Inputs, ModelParameters.Default);
        var b = RiskModel.Evaluate(ScaleMoney(company.Inputs, Scale), ModelParameters.Default);

        // Not money: must be equal.
        Close(a.DebtToCash, b.DebtToCash);
        Close(a.AdjustedDebtToCash, b.AdjustedDebtToCash);
        Close(a.LockInRatio, b.LockInRatio);
        Close(a.GrossLeverage, b.GrossLeverage);
        Close(a.NetLeverage, b.NetLeverage);
        Close(a.CommitmentAdjustedLeverage, b.CommitmentAdjustedLeverage);
        Close(a.InterestCoverage, b.InterestCoverage);
        Close(a.LiquidityCoverage12M, b.LiquidityCoverage12M);
        Assert.Equal(a.RunwayMonths, b.RunwayMonths);
        Close(a.DistanceToDefault, b.DistanceToDefault);
        Close(a.DefaultProbability, b.DefaultProbability);
        Close(a.CommitmentAdjustedDistanceToDefault, b.CommitmentAdjustedDistanceToDefault);
        Close(a.CommitmentAdjustedDefaultProbability, b.CommitmentAdjustedDefaultProbability);
        Close(a.Merton?.DistanceToDefault, b.Merton?.DistanceToDefault);
        Close(a.Merton?.DefaultProbability, b.Merton?.DefaultProbability);
        Close(a.Merton?.AssetVolatility, b.Merton?.AssetVolatility);
        Assert.Equal(a.PdTermStructure.Length, b.PdTermStructure.Length);
        for (int i = 0; i < a.PdTermStructure.Length; i++)
        {
            Close(a.PdTermStructure[i].CumulativeDefaultProbability, b.PdTermStructure[i].CumulativeDefaultProbability);
            Close(a.PdTermStructure[i].AnnualHazard, b.PdTermStructure[i].AnnualHazard);
        }

        Close(a.AltmanZ, b.AltmanZ);
        Assert.Equal(a.AltmanZone, b.AltmanZone);
        Close(a.Score, b.Score);
        Assert.Equal(a.Band, b.Band);
        Assert.Equal(a.TtmMonths, b.TtmMonths);
        Assert.Equal(a.Flags.ToArray(), b.Flags.ToArray());
        Assert.Equal(a.NotMeaningful.ToArray(), b.NotMeaningful.ToArray());
        Assert.Equal(a.Components.Length, b.Components.Length);
        for (int i = 0; i < a.Components.Length; i++)
        {
            Assert.Equal(a.Components[i].Component, b.Components[i].Component);
            Close(a.Components[i].Points, b.Components[i].Points);
            Close(a.Components[i].Contribution, b.Components[i].Contribution);
        }

        // Money: scales with the inputs.
        Close(a.Liquidity * Scale, b.Liquidity);
        Close(a.CommitmentAdjustedNetDebt * Scale, b.CommitmentAdjustedNetDebt);
        Close(a.CommitmentAdjustedDefaultPoint * Scale, b.CommitmentAdjustedDefaultPoint);
        Close(a.Merton?.AssetValue * Scale, b.Merton?.AssetValue);
        Assert.Equal(a.RunwayCash.Length, b.RunwayCash.Length);
        for (int i = 0; i < a.RunwayCash.Length; i++)
        {
            Close(a.RunwayCash[i] * Scale, b.RunwayCash[i], absolute: 1e-9 * Scale * Math.Abs(a.RunwayCash[0]));
        }
    }

    [Property]
    public void The_cumulative_default_probability_never_falls_with_the_horizon_and_the_hazard_is_never_negative(GeneratedCompany company)
    {
        var a = RiskModel.Evaluate(company.Inputs, ModelParameters.Default);

        for (int i = 0; i < a.PdTermStructure.Length; i++)
        {
            var point = a.PdTermStructure[i];
            Assert.InRange(point.CumulativeDefaultProbability, 0, 1);
            Assert.True(point.AnnualHazard is null or >= 0, $"hazard {point.AnnualHazard} at {point.Years} years");
            Assert.True(i == 0 || point.CumulativeDefaultProbability >= a.PdTermStructure[i - 1].CumulativeDefaultProbability);
        }
    }

    [Property]
    public void Adding_a_non_cancellable_commitment_never_lowers_the_score(GeneratedCompany company, NewCommitment commitment)
    {
        var inputs = company.Inputs;
        var t0 = inputs.Periods.Max(p => p.PeriodEnd);
        var more = inputs with { Commitments = inputs.Commitments.Add(commitment.ToCommitment(t0)) };

        var before = RiskModel.Evaluate(inputs, ModelParameters.Default);
        var after = RiskModel.Evaluate(more, ModelParameters.Default);

        Assert.True(after.Score >= before.Score - 1e-9, $"score fell from {before.Score} to {after.Score}");
    }

    [Property]
    public void More_cash_never_raises_the_score(GeneratedCompany company, ExtraCash extra)
    {
        var inputs = company.Inputs;
        int newest = IndexOfNewest(inputs);
        var richer = inputs with
        {
            Periods = inputs.Periods.SetItem(newest, inputs.Periods[newest] with { Cash = inputs.Periods[newest].Cash + extra.Amount }),
        };

        var before = RiskModel.Evaluate(inputs, ModelParameters.Default);
        var after = RiskModel.Evaluate(richer, ModelParameters.Default);

        Assert.True(after.Score <= before.Score + 1e-9, $"score rose from {before.Score} to {after.Score}");
    }

    [Property]
    public void Contributions_add_up_to_a_score_between_0_and_100(GeneratedCompany company)
    {
        var a = RiskModel.Evaluate(company.Inputs, ModelParameters.Default);

        double score = a.Score!.Value;
        Assert.InRange(score, 0, 100);
        Assert.Equal(score, a.Components.Sum(c => c.Contribution), 9);
        Assert.Equal(1.0, a.Components.Sum(c => c.Weight), 12);
        Assert.Equal(company.Inputs.Market is null ? 4 : 5, a.Components.Length);
        Assert.All(a.Components, c => Assert.InRange(c.Points, 0, 100));
        Assert.Equal(CreditStressScore.BandOf(score), a.Band);
    }

    [Property]
    public void No_output_is_ever_nan_or_infinite(GeneratedCompany company)
    {
        var live = RiskModel.Evaluate(company.Inputs, ModelParameters.Default);
        var freeze = RiskModel.EvaluateScenario(company.Inputs, ModelParameters.Default, ScenarioShocks.Preset("credit-freeze") with { CommitmentAcceleration = 0.5 });

        foreach (var a in new[] { live, freeze })
        {
            foreach (var property in typeof(RiskAssessment).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetValue(a) is double value)
                {
                    Assert.True(double.IsFinite(value), $"{property.Name} = {value}");
                }
            }

            Assert.All(a.RunwayCash, v => Assert.True(double.IsFinite(v)));
            Assert.All(a.Components, c => Assert.True(double.IsFinite(c.Contribution) && (c.Input is null || double.IsFinite(c.Input.Value))));
            if (a.Merton is { } m)
            {
                Assert.True(m.DistanceToDefault is null || double.IsFinite(m.DistanceToDefault.Value));
                Assert.True(m.AssetValue is null || double.IsFinite(m.AssetValue.Value));
            }

            Assert.InRange(a.RunwayMonths!.Value, 0, 60);
        }
    }

    [Property]
    public void Every_generated_company_passes_the_input_rules(GeneratedCompany company)
    {
        var inputs = company.Inputs;

        Assert.Empty(inputs.Periods.SelectMany((p, i) => InputRules.ValidatePeriod(p, $"periods[{i}]", Companies.Today)));
        Assert.Empty(inputs.Commitments.SelectMany(c => InputRules.ValidateCommitment(c, "commitment", Companies.Today)));
        Assert.Empty(inputs.Market is null ? [] : InputRules.ValidateMarket(inputs.Market, "market"));
    }

    [Property]
    public void A_scenario_without_shocks_equals_the_live_evaluation(GeneratedCompany company)
    {
        var live = RiskModel.Evaluate(company.Inputs, ModelParameters.Default);
        var scenario = RiskModel.EvaluateScenario(company.Inputs, ModelParameters.Default, ScenarioShocks.None);

        Assert.Equal(live.Score, scenario.Score);
        Assert.Equal(live.RunwayMonths, scenario.RunwayMonths);
        Assert.Equal(live.CommitmentAdjustedDefaultProbability, scenario.CommitmentAdjustedDefaultProbability);
    }

    [Property]
    public void Merging_keeps_at_most_the_window_sorted_and_unique(GeneratedCompany company, GeneratedCompany other)
    {
        var merged = FinancialWindow.Merge(company.Inputs.Periods, other.Inputs.Periods, 8);

        var ends = merged.Select(p => p.PeriodEnd).ToArray();
        Assert.InRange(ends.Length, 1, 8);
        Assert.Equal(ends.Distinct().Order(), ends);
        Assert.Equal(company.Inputs.Periods.Concat(other.Inputs.Periods).Max(p => p.PeriodEnd), ends[^1]);
    }

    private static int IndexOfNewest(CompanyInputs inputs)
    {
        int newest = 0;
        for (int i = 1; i < inputs.Periods.Length; i++)
        {
            if (inputs.Periods[i].PeriodEnd > inputs.Periods[newest].PeriodEnd)
            {
                newest = i;
            }
        }

        return newest;
    }

    private static void Close(double? expected, double? actual, double absolute = 0)
    {
        Assert.Equal(expected.HasValue, actual.HasValue);
        if (expected is { } e && actual is { } a)
        {
            double tolerance = (1e-9 * Math.Max(Math.Abs(e), Math.Abs(a))) + absolute;
            Assert.True(Math.Abs(e - a) <= tolerance, $"expected {e:R}, actual {a:R}");
        }
    }

    private static CompanyInputs ScaleMoney(CompanyInputs inputs, double k) => new(
        [.. inputs.Periods.Select(p => p with
        {
            Cash = p.Cash * k,
            ShortTermInvestments = p.ShortTermInvestments * k,
            ShortTermDebt = p.ShortTermDebt * k,
            LongTermDebt = p.LongTermDebt * k,
            OperatingLeaseLiabilities = p.OperatingLeaseLiabilities * k,
            FinanceLeaseLiabilities = p.FinanceLeaseLiabilities * k,
            UndrawnCreditFacilities = p.UndrawnCreditFacilities * k,
            Revenue = p.Revenue * k,
            Ebitda = p.Ebitda * k,
            OperatingCashFlow = p.OperatingCashFlow * k,
            Capex = p.Capex * k,
            InterestExpense = p.InterestExpense * k,
            ShareholderReturns = p.ShareholderReturns * k,
            DebtMaturities = [.. p.DebtMaturities.Select(d => d with { Amount = d.Amount * k })],
            TotalAssets = p.TotalAssets * k,
            TotalLiabilities = p.TotalLiabilities * k,
            CurrentAssets = p.CurrentAssets * k,
            CurrentLiabilities = p.CurrentLiabilities * k,
            RetainedEarnings = p.RetainedEarnings * k,
            Ebit = p.Ebit * k,
        })],
        [.. inputs.Commitments.Select(c => c with
        {
            Payments = [.. c.Payments.Select(d => d with { Amount = d.Amount * k })],
            Sunk = c.Sunk * k,
        })],
        inputs.Market is null ? null : inputs.Market with { MarketCap = inputs.Market.MarketCap * k });
}
