using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

[Trait("Category", "Process")] // a server process killed with SIGKILL
public sealed class RestartTests
{
    [Fact]
    public async Task Every_acknowledged_write_survives_kill_9_versions_never_go_back_and_the_sample_is_not_loaded_twice()
    {
        var dataDir = ServiceHost.TempDirectory();
        var acknowledged = new Dictionary<string, (ulong Version, int Commitments)>();
        ulong msftVersion;
        string withMarket;

        await using (var first = await ServerProcess.StartAsync(dataDir))
        {
            var client = first.Client;
            msftVersion = (await client.GetRiskAsync(new GetRiskRequest { CompanyId = "MSFT" })).Risk.Version;

            // Concurrent writers, so that several writes share one commit of the store.
            var companies = Enumerable.Range(0, 20).Select(i => Requests.NewCompanyId($"K{i}")).ToArray();
            await Task.WhenAll(companies.Select(async id =>
            {
                await Requests.CreateAsync(client, id);
                ulong version = 0;
                for (var c = 0; c < 10; c++)
                {
                    version = (await client.UpsertCommitmentAsync(Requests.Commitment(id, $"extra-{c}", 5 + c))).Version;
                }

                lock (acknowledged)
                {
                    acknowledged[id] = (version, 11);
                }
            }));

            withMarket = companies[0];
            var asOf = DateTimeOffset.UtcNow;
            var tick = await client.PublishMarketDataAsync(Requests.Tick(withMarket, asOf));
            acknowledged[withMarket] = (tick.Version, 11);

            // Market state is saved at most MarketStateSaveInterval (1 s here) after the tick: kill once the store holds it.
            await EmbeddedStore.WaitForMarketState(dataDir, withMarket, asOf, TimeSpan.FromSeconds(10));
            first.KillHard();
        }

        await using var second = await ServerProcess.StartAsync(dataDir);
        foreach (var (id, (version, commitments)) in acknowledged)
        {
            var risk = (await second.Client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
            if (id == withMarket)
            {
                // Ticks are saved in the background: after a crash the version resumes above any it may have streamed.
                Assert.True(risk.Version > version, $"{risk.Version} > {version}");
            }
            else
            {
                Assert.Equal(version, risk.Version);
            }

            Assert.Equal(commitments, risk.Inputs.Commitments);
            Assert.Equal(1, risk.Inputs.Periods);
        }

        var restored = (await second.Client.GetRiskAsync(new GetRiskRequest { CompanyId = withMarket })).Risk;
        Assert.True(restored.Inputs.HasMarketData);
        Assert.True(restored.HasDistanceToDefault);

        // The sample gives MSFT a market state, loaded as a tick: after a crash its version, like any company's with
        // ticks, resumes at or above the one held, never below; its inputs are the sample's, loaded once.
        var msft = (await second.Client.GetRiskAsync(new GetRiskRequest { CompanyId = "MSFT" })).Risk;
        Assert.True(msft.Version >= msftVersion, $"{msft.Version} >= {msftVersion}");
        Assert.True(msft.Inputs.HasMarketData);
        Assert.Equal(3, msft.Inputs.Commitments);
        Assert.DoesNotContain("Loaded the sample data", second.Output);
    }
}
