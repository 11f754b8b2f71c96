using FsCheck.Xunit;

namespace RiskGrains.Model.Tests;

[Properties(Arbitrary = [typeof(Generators)], MaxTest = 200)]
public class IncrementalEvaluationProperties
{
    [Property]
    public void Prepare_then_a_cold_tick_equals_the_full_evaluation(GeneratedCompany company, TickSequence ticks)
    {
        var inputs = company.Inputs with { Market = company.Inputs.Market ?? ticks.Ticks[0] };
        var fundamentals = FundamentalsAssessment.Prepare(inputs.Periods, inputs.Commitments, ModelParameters.Default);

        var incremental = fundamentals.Compose(fundamentals.EvaluateMarket(inputs.Market!, default));

        Equivalence.AssertSameAssessment(RiskModel.Evaluate(inputs, ModelParameters.Default), incremental);
    }

    [Property]
    public void Compose_without_market_equals_the_full_evaluation_without_market(GeneratedCompany company)
    {
        var inputs = company.Inputs with { Market = null };
        var fundamentals = FundamentalsAssessment.Prepare(inputs.Periods, inputs.Commitments, ModelParameters.Default);

        var full = RiskModel.Evaluate(inputs, ModelParameters.Default);
        Equivalence.AssertSameAssessment(full, fundamentals.ComposeWithoutMarket());
        Assert.Equal(full.Score, fundamentals.ScoreWithoutMarket);
        Assert.Equal(full.Band, fundamentals.BandWithoutMarket);
    }

    [Property]
    public void A_warm_started_chain_of_ticks_equals_a_fresh_full_evaluation_at_every_tick(GeneratedCompany company, TickSequence ticks)
    {
        var inputs = company.Inputs;
        var fundamentals = FundamentalsAssessment.Prepare(inputs.Periods, inputs.Commitments, ModelParameters.Default);
        var guess = inputs.Market is { } current ? fundamentals.EvaluateMarket(current, default).NextGuess : default;

        foreach (var tick in ticks.Ticks)
        {
            var market = fundamentals.EvaluateMarket(tick, guess);
            guess = market.NextGuess;

            var full = RiskModel.Evaluate(inputs with { Market = tick }, ModelParameters.Default);
            Equivalence.AssertSameAssessment(full, fundamentals.Compose(market), sameMertonIterations: false);
            Assert.Equal(full.Score, market.Score);
            Assert.Equal(full.Band, market.Band);
        }
    }
}
