using RiskGrains.Model;
using Xunit.Abstractions;
namespace RiskGrains.Grains.Tests;
[Collection(ClusterCollection.Name)]
public sealed class Scratch(ClusterFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Probe(int mode)
    {
        var m = fixture.Grains.GetGrain<IManagementGrain>(0);
        var d = fixture.Grains.GetGrain<ICompanyDirectoryGrain>(0);
        var id = TestData.NewCompanyId("scratch");
        var c = fixture.Grains.GetGrain<ICompanyGrain>(id);
        await c.UpsertProfile(TestData.Profile(id));
        if (mode == 1) await c.ReportFinancials(TestData.Batch(TestData.Quarter(TestData.QuarterEnd(0))));
        if (mode == 2) await d.ReportBand(id, Band.High);
        await Task.Delay(300);
        for (int i = 0; i < 15; i++)
        {
            await m.ForceActivationCollection(TimeSpan.Zero);
            var addr = await m.GetActivationAddress(d);
            var stats = await m.GetDetailedGrainStatistics();
            output.WriteLine($"mode {mode} after collect {i}: {addr} :: " + string.Join(" | ", stats.Select(s => $"{s.GrainId}@{s.SiloAddress}")));
            if (addr is null) break;
            await Task.Delay(200);
        }
    }
}
