using Grpc.Core;
using RiskGrains.Contract.V1;
using Xunit.Abstractions;

namespace RiskGrains.Server.Tests;

[Trait("Category", "Process")] // a server process killed with SIGKILL
public sealed class EmbeddedCrashTests(ITestOutputHelper output)
{
    private const int Companies = 40;

    [Fact]
    public async Task Kill_9_in_the_middle_of_a_bulk_ingest_keeps_what_was_acknowledged_and_half_applies_nothing()
    {
        var dataDir = ServiceHost.TempDirectory();
        var ids = Enumerable.Range(0, Companies).Select(i => $"EC-{i:D3}").ToArray();
        var sent = 0;

        await using (var first = await ServerProcess.StartAsync(dataDir, "--RiskGrains:LoadSampleData", "false"))
        {
            // An ingest that completes: its acknowledgement promises every item.
            using (var setup = first.Client.Ingest())
            {
                var batch = new IngestRequest();
                foreach (var id in ids)
                {
                    batch.Items.Add(new IngestItem { UpsertCompany = Requests.Company(id) });
                    batch.Items.Add(new IngestItem { ReportFinancials = Requests.Financials(id, Requests.Period(2020, 12, 31)) });
                }

                await setup.RequestStream.WriteAsync(batch);
                await setup.RequestStream.CompleteAsync();
                var ack = await setup;
                Assert.Equal((ulong)(2 * Companies), ack.Applied);
            }

            // An ingest cut short by SIGKILL: never acknowledged, so any prefix of it may stand, but no item in part.
            // The kill comes once part of it is applied (the last company holds a bulk commitment), the stream still open.
            var bulk = first.Client.Ingest();
            var killer = Task.Run(async () =>
            {
                await Eventually.True(
                    async () => (await first.Client.GetRiskAsync(new GetRiskRequest { CompanyId = ids[^1] })).Risk.Inputs.Commitments > 0,
                    TimeSpan.FromSeconds(30));
                first.KillHard();
            });
            try
            {
                for (var k = 0; !killer.IsCompleted; k++)
                {
                    var batch = new IngestRequest();
                    foreach (var id in ids)
                    {
                        batch.Items.Add(new IngestItem { UpsertCommitment = TwelvePayments(id, k) });
                        if (k == 3)
                        {
                            batch.Items.Add(new IngestItem { ReportFinancials = Requests.Financials(id, Quarters(2021)) });
                        }
                    }

                    await bulk.RequestStream.WriteAsync(batch);
                    sent += batch.Items.Count;
                }

                await bulk.RequestStream.CompleteAsync();
                await bulk;
                Assert.Fail("the ingest was acknowledged although the server was killed during it");
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
            {
                // The server died mid-stream: no acknowledgement arrived (the write or the read fails).
            }
            finally
            {
                await killer;
                bulk.Dispose();
            }
        }

        await using var second = await ServerProcess.StartAsync(dataDir, "--RiskGrains:LoadSampleData", "false");
        var commitmentsFound = 0;
        foreach (var id in ids)
        {
            var risk = (await second.Client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;

            // Acknowledged: the profile and the 2020 period.
            Assert.Equal($"Company {id}", risk.Profile.Name);
            Assert.Contains(risk.Inputs.Periods, new[] { 1, 5 });

            // Each commitment whole (12 payments of 1), and the ones present are a prefix of the stream.
            Assert.Equal(12.0 * risk.Inputs.Commitments, risk.CommitmentsRemaining);
            for (var k = 0; k < risk.Inputs.Commitments; k++)
            {
                var removed = await second.Client.RemoveCommitmentAsync(new RemoveCommitmentRequest { CompanyId = id, CommitmentId = $"bulk-{k}" });
                Assert.True(removed.Removed, $"{id} holds {risk.Inputs.Commitments} commitments but not bulk-{k}");
            }

            commitmentsFound += risk.Inputs.Commitments;
        }

        output.WriteLine($"items sent before the kill: {sent}; commitments found applied after restart: {commitmentsFound}");
        Assert.True(commitmentsFound > 0, "some of the bulk ingest was applied before the kill");
    }

    private static UpsertCommitmentRequest TwelvePayments(string id, int k)
    {
        var request = new UpsertCommitmentRequest
        {
            CompanyId = id,
            Commitment = new Commitment { CommitmentId = $"bulk-{k}", Kind = CommitmentKind.Chips, Counterparty = "foundry" },
        };
        for (var m = 1; m <= 12; m++)
        {
            request.Commitment.Payments.Add(new Payment { DueDate = new Date { Year = 2022, Month = m, Day = 15 }, Amount = 1 });
        }

        return request;
    }

    private static RiskGrains.Contract.V1.FinancialPeriod[] Quarters(int year) =>
        [Requests.Period(year, 3, 31, 3), Requests.Period(year, 6, 30, 3), Requests.Period(year, 9, 30, 3), Requests.Period(year, 12, 31, 3)];
}
