using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace RiskGrains.Grains.Tests;

/// <summary>One two-silo test cluster with in-memory grain storage and directory rows, started once for every test class.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>Short enough for a test to wait it out, long enough that a deactivation right after a tick comes first.</summary>
    public static readonly TimeSpan MarketStateSaveInterval = TimeSpan.FromSeconds(1);

    // Static, so that each silo's configurator (created by the test cluster) registers the same one.
    private static readonly MemoryCompanyDirectoryStore SharedDirectoryRows = new();
    private static readonly MemoryHistoryStore SharedHistory = new();
    private static readonly MemoryAlertStore SharedAlerts = new();

    /// <summary>Each silo re-reads the rule set and the portfolios' members this often.</summary>
    public static readonly TimeSpan AlertRefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>Long enough that a burst of ticks in a test falls within one interval, short enough to wait out.</summary>
    public static readonly TimeSpan HistoryInterval = TimeSpan.FromSeconds(5);

    public TestCluster Cluster { get; } = new TestClusterBuilder(initialSilosCount: 2)
        .AddSiloBuilderConfigurator<SiloConfigurator>()
        .AddClientBuilderConfigurator<ClientConfigurator>()
        .Build();

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The directory rows of both silos.</summary>
    public MemoryCompanyDirectoryStore DirectoryRows => SharedDirectoryRows;

    /// <summary>The history points of both silos.</summary>
    public MemoryHistoryStore History => SharedHistory;

    /// <summary>The alert log of both silos.</summary>
    public MemoryAlertStore Alerts => SharedAlerts;

    /// <summary>The rule books of the silos.</summary>
    public IEnumerable<AlertRuleBook> RuleBooks => Cluster.Silos.OfType<InProcessSiloHandle>().Select(s => s.SiloHost.Services.GetRequiredService<AlertRuleBook>());

    /// <summary>The market boards of the silos.</summary>
    public IEnumerable<MarketBoard> Boards => Cluster.Silos.OfType<InProcessSiloHandle>().Select(s => s.SiloHost.Services.GetRequiredService<MarketBoard>());

    /// <summary>Completes once both silos' queued market points are in <see cref="History"/>.</summary>
    public Task FlushHistory() =>
        Task.WhenAll(Cluster.Silos.OfType<InProcessSiloHandle>().Select(s => s.SiloHost.Services.GetRequiredService<HistoryWriter>().Flush()));

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            AddCompanyServices(siloBuilder, SharedDirectoryRows, SharedHistory, SharedAlerts);
            siloBuilder.Services.Configure<AlertOptions>(o => o.AlertRefreshInterval = AlertRefreshInterval);
            siloBuilder.Services.Configure<HistoryOptions>(o => o.HistoryInterval = HistoryInterval);
            siloBuilder.Services.Configure<CompanyGrainOptions>(o => o.MarketStateSaveInterval = MarketStateSaveInterval);
        }
    }

    /// <summary>What a silo needs for companies: their storage (in memory), directory rows, history, the market board, alerts and serializers.</summary>
    public static void AddCompanyServices(ISiloBuilder siloBuilder, ICompanyDirectoryStore directoryRows, IHistoryStore history, IAlertEventStore? alerts = null)
    {
        siloBuilder.AddMemoryGrainStorage(StorageNames.Companies, o => o.GrainStorageSerializer = JsonGrainStateSerializer.Instance);
        siloBuilder.Services.AddSingleton(directoryRows);
        siloBuilder.Services.AddSingleton(history);
        siloBuilder.Services.AddSingleton<HistoryWriter>();
        siloBuilder.Services.AddMarketBoard();
        siloBuilder.Services.AddSingleton(alerts ?? new MemoryAlertStore());
        siloBuilder.Services.AddAlertRuleBook();
        siloBuilder.Services.AddSerializer(s => s.AddRiskModelTypes());
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Services.AddSerializer(s => s.AddRiskModelTypes());
    }
}
