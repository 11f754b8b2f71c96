using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using RiskGrains.Contract.V1;
using FieldError = RiskGrains.Model.FieldError;
using RiskFlags = RiskGrains.Model.RiskFlags;
using RiskModel = RiskGrains.Model.RiskModel;
using RiskGrains.Server.Grpc;
using RiskGrains.Server.Hosting;

namespace RiskGrains.Server.Tests;

/// <summary>
/// Each response that can grow, built at its largest under the default limits, fits the bound the server
/// checks its settings against, and so the send limit: ListCompanies of page size 5 once returned 172 MB.
/// </summary>
public sealed class ResponseBoundsTests
{
    private static readonly LimitsOptions Limits = new();

    // Three UTF-8 bytes per UTF-16 code unit, the most there is.
    private static string Text(int length) => new('€', length);

    [Fact]
    public void A_CompanyRisk_at_its_largest_fits_its_bound_without_text_and_with_it()
    {
        var bare = LargestRisk(name: "", sector: "");
        var full = LargestRisk(Text(Limits.MaxNameLength), Text(Limits.MaxSectorLength));

        Assert.InRange(bare.CalculateSize(), 2_000, ResponseBounds.CompanyRiskWithoutText);
        Assert.InRange(full.CalculateSize(), 0, ResponseBounds.CompanyRisk(Limits));
    }

    [Fact]
    public void A_watch_update_and_a_GetRisk_answer_fit_their_bound()
    {
        var risk = LargestRisk(Text(Limits.MaxNameLength), Text(Limits.MaxSectorLength));
        var update = new WatchRiskResponse { Update = new RiskUpdate { Risk = risk, Cause = ChangeCause.Contagion, TraceId = new string('f', 32) } };

        Assert.InRange(update.CalculateSize(), 0, ResponseBounds.RiskUpdate(Limits));
        Assert.InRange(new GetRiskResponse { Risk = risk }.CalculateSize(), 0, ResponseBounds.RiskUpdate(Limits));
    }

    [Fact]
    public void A_ListCompanies_page_at_its_largest_fits_its_bound_and_the_send_limit()
    {
        var page = new ListCompaniesResponse { NextPageToken = PageToken.Encode(new string('z', 64)) };
        for (var i = 0; i < Limits.MaxPageSize; i++)
        {
            page.Companies.Add(new CompanySummary { CompanyId = new string('x', 64), Name = Text(Limits.MaxNameLength), Band = Band.Severe, Score = -1e300 });
        }

        Assert.Equal(PageToken.MaxLength, page.NextPageToken.Length);
        Assert.InRange(page.CalculateSize(), 0, ResponseBounds.ListCompanies(Limits));
        Assert.InRange(ResponseBounds.ListCompanies(Limits), 0, Limits.MaxSendMessageSize);
    }

    [Fact]
    public void A_GetHistory_answer_at_its_largest_fits_its_bound_and_the_send_limit()
    {
        var history = new GetHistoryResponse();
        for (var i = 0; i < Limits.MaxHistoryPoints; i++)
        {
            history.Points.Add(new HistoryPoint
            {
                Version = ulong.MaxValue,
                Time = new Timestamp { Seconds = 253_402_300_799L, Nanos = 999_999_999 },
                Cause = ChangeCause.Contagion,
                Score = -1e300,
                Band = Band.Severe,
                LiquidityCoverage12M = -1e300,
                RunwayMonths = int.MinValue,
                CommitmentAdjustedLeverage = -1e300,
                CommitmentAdjustedDefaultProbability = -1e300,
                ChangedBy = Text(Grains.HistoryPoint.MaxChangedByLength),
            });
        }

        Assert.InRange(history.CalculateSize(), 0, ResponseBounds.History(Limits));
        Assert.InRange(ResponseBounds.History(Limits), 0, Limits.MaxSendMessageSize);
    }

    [Fact]
    public void A_GetPeers_answer_at_its_largest_fits_its_bound_and_the_send_limit()
    {
        var peers = new GetPeersResponse { Sector = Text(Limits.MaxSectorLength), Percentile = 100, PeerCount = int.MinValue };
        for (var i = 0; i < Limits.MaxPeers; i++)
        {
            peers.Peers.Add(new Peer { CompanyId = new string('x', 64), Score = -1e300, Band = Band.Severe });
        }

        Assert.InRange(peers.CalculateSize(), 0, ResponseBounds.Peers(Limits));
        Assert.InRange(ResponseBounds.Peers(Limits), 0, Limits.MaxSendMessageSize);
    }

    [Fact]
    public void A_RunScenario_answer_at_its_largest_fits_its_bound_and_the_send_limit()
    {
        var risk = LargestRisk(Text(Limits.MaxNameLength), Text(Limits.MaxSectorLength));
        var response = new RunScenarioResponse
        {
            Preset = Model.ScenarioShocks.AiRevenueDelay,
            Shocks = new ScenarioShocks
            {
                EquityShock = -0.99,
                VolatilityMultiplier = 10,
                RateShockBps = -10_000,
                SpreadShockBps = 10_000,
                OcfHaircut = 1,
                EbitdaHaircut = 1,
                CreditWindowClosed = true,
                CommitmentAcceleration = 1,
            },
        };
        for (var i = 0; i < Limits.MaxScenarioCompanies; i++)
        {
            response.Results.Add(new ScenarioResult
            {
                CompanyId = new string('x', 64),
                Base = risk,
                Stressed = risk,
                ScoreDelta = -100,
                RunwayMonthsDelta = -60,
                LiquidityCoverage12MDelta = -99,
            });
        }

        Assert.InRange(response.CalculateSize(), 0, ResponseBounds.RunScenario(Limits));
        Assert.InRange(ResponseBounds.RunScenario(Limits), 0, Limits.MaxSendMessageSize);
    }

    [Fact]
    public void An_Ingest_answer_listing_every_error_it_may_fits_its_bound_and_the_send_limit()
    {
        // An item with as many long field errors as one can have: more are counted, not named.
        var commitment = new Commitment
        {
            CommitmentId = "\0",
            Counterparty = "\0" + Text(Limits.MaxCounterpartyLength),
            Source = "\0" + Text(Limits.MaxSourceLength),
            CancellationPenalty = double.NaN,
            SalvageFraction = double.NaN,
            Sunk = double.NaN,
            Kind = (CommitmentKind)99,
        };
        for (var i = 0; i < Limits.MaxPaymentsPerCommitment; i++)
        {
            commitment.Payments.Add(new Payment { DueDate = new Date { Year = 9999, Month = 12, Day = 31 }, Amount = double.NaN });
        }

        var item = new IngestItem { UpsertCommitment = new UpsertCommitmentRequest { CompanyId = "\0", Commitment = commitment } };
        var errors = new List<FieldError>();
        RequestReader.Read(item, RequestLimits.Default, errors);
        Assert.True(errors.Count > RpcErrors.MaxFieldErrorsPerIngestItem);
        Assert.All(errors, e => Assert.InRange(e.Field.Length + e.Message.Length, 0, 256));

        var response = new IngestResponse { Applied = ulong.MaxValue, Ignored = ulong.MaxValue, Rejected = ulong.MaxValue };
        var message = RpcErrors.Describe(errors, RpcErrors.MaxFieldErrorsPerIngestItem);
        Assert.InRange(message.Length, 0, ResponseBounds.IngestErrorMessage);
        for (var i = 0; i < IngestProcessor.MaxReportedErrors; i++)
        {
            response.Errors.Add(new IngestError { Index = ulong.MaxValue - (ulong)i, CompanyId = new string('x', 64), Message = message });
        }

        Assert.InRange(response.CalculateSize(), 0, ResponseBounds.Ingest);
        Assert.InRange(ResponseBounds.Ingest, 0, Limits.MaxSendMessageSize);
    }

    [Fact]
    public void The_default_limits_keep_every_response_under_the_send_limit()
    {
        Assert.Empty(ResponseBounds.Problems(Limits));
        Assert.Empty(Limits.Problems());
    }

    /// <summary>Every field set, numbers at their longest encodings, every flag and not-meaningful entry.</summary>
    private static CompanyRisk LargestRisk(string name, string sector)
    {
        var latest = new Timestamp { Seconds = 253_402_300_799, Nanos = 999_999_999 };
        var date = new Date { Year = 9999, Month = 12, Day = 31 };
        var risk = new CompanyRisk
        {
            CompanyId = new string('x', 64),
            Version = ulong.MaxValue,
            AsOf = latest,
            Silo = new string('S', ResponseBounds.MaxSiloNameLength),
            Profile = new CompanyProfile { CompanyId = new string('x', 64), Name = name, Sector = sector, Currency = "USD" },
            T0 = date,
            Band = Band.Severe,
            AltmanZone = AltmanZone.Distress,
            RunwayMonths = int.MaxValue,
            Inputs = new InputSummary
            {
                Periods = int.MaxValue,
                TtmMonths = int.MaxValue,
                Commitments = int.MaxValue,
                HasMarketData = true,
                WindowStart = date,
                WindowEnd = date,
                MarketAsOf = latest,
            },
            Merton = new MertonSolution { Iterations = int.MaxValue, Converged = true },
        };
        SetEveryDouble(risk);
        SetEveryDouble(risk.Merton);
        risk.RunwayCash.Add(Enumerable.Repeat(-1e300, RiskModel.RunwayHorizonMonths + 1));
        foreach (var component in new[] { "default", "leverage", "liquidity", "runway", "coverage" })
        {
            var contribution = new ComponentContribution { Component = component };
            SetEveryDouble(contribution);
            risk.Components.Add(contribution);
        }

        risk.Flags.Add(typeof(RiskFlags).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!));
        Assert.Equal(11, risk.Flags.Count);
        for (var i = 0; i < 8; i++)
        {
            risk.NotMeaningful.Add(new NotMeaningful { Metric = RiskModel.Metrics.CommitmentAdjustedLeverage, Reason = RiskFlags.InterestExpenseNotPositive });
        }

        return risk;
    }

    private static void SetEveryDouble(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.Double && !f.IsRepeated))
        {
            field.Accessor.SetValue(message, -1.2345678901234567e300);
        }
    }
}
