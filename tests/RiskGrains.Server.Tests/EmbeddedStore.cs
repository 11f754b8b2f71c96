using RiskGrains.Grains;
using RiskGrains.Server.Storage;

namespace RiskGrains.Server.Tests;

/// <summary>Reads the embedded store of a data folder the way the server does, while a server process writes it.</summary>
internal static class EmbeddedStore
{
    /// <summary>Waits until the store holds a market state of the company as of <paramref name="asOf"/>; false at the deadline.</summary>
    public static async Task<bool> WaitForMarketState(string dataDir, string companyId, DateTimeOffset asOf, TimeSpan timeout)
    {
        await using var database = new SqliteDatabase(dataDir);
        var store = new SqliteGrainStorage(database);
        var grainId = GrainId.Create("company", companyId);
        return await Eventually.True(
            async () =>
            {
                var record = new GrainState<MarketRecord>(new MarketRecord());
                await store.ReadStateAsync("market", grainId, record);
                return record.State?.Market?.AsOf == asOf;
            },
            timeout);
    }
}
