using Grpc.Core;

namespace RiskGrains.Server.Tests;

/// <summary>A service in ApiKey mode with a reader, a writer and an admin, and one company they all reach.</summary>
public sealed class ApiKeyService : IAsyncLifetime
{
    public const string Reader = "desk-reader";
    public const string Writer = "desk-writer";
    public const string Admin = "desk-admin";

    internal KeyFile Keys { get; } = new((Reader, "reader"), (Writer, "writer"), (Admin, "admin"));

    public ServiceHost Host { get; private set; } = null!;

    /// <summary>A company created by the admin, for the calls of the table.</summary>
    public string CompanyId { get; } = Requests.NewCompanyId("AK");

    public Metadata Bearer(string name) => BearerOf(Keys[name]);

    public static Metadata BearerOf(string key) => new() { { "authorization", $"Bearer {key}" } };

    public async Task InitializeAsync()
    {
        Host = await ServiceHost.StartAsync(loadSampleData: false, dataDir: null, Keys.Settings);
        var admin = Bearer(Admin);
        await Host.Client.UpsertCompanyAsync(Requests.Company(CompanyId), admin);
        await Host.Client.ReportFinancialsAsync(Requests.Financials(CompanyId), admin);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
