using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RiskGrains.Contract.V1;
using RiskGrains.Server.Tests;

namespace RiskGrains.Client.Tests;

/// <summary>AddRiskGrainsClient registers, through Grpc.Net.ClientFactory, a client that works against the service in ApiKey mode.</summary>
public sealed class DependencyInjectionTests(ApiKeyService service) : IClassFixture<ApiKeyService>
{
    [Fact]
    public async Task AddRiskGrainsClient_registers_one_working_client_for_the_container()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRiskGrainsClient(options =>
        {
            options.Address = service.Host.Address;
            options.ApiKey = service.Keys[ApiKeyService.Writer];
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<RiskGrainsClient>();
        var id = Requests.NewCompanyId("DI");
        var created = await client.UpsertCompanyAsync(Requests.Company(id));
        var risk = await client.GetRiskAsync(id);

        Assert.Same(client, provider.GetRequiredService<RiskGrainsClient>());
        Assert.Equal((1UL, 1UL, ApiKeyService.Writer), (created.Version, risk.Version, risk.ChangedBy));
    }

    [Fact]
    public async Task AddRiskGrainsClient_binds_its_options_from_configuration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["RiskGrains:Client:Address"] = service.Host.Address.ToString(),
                ["RiskGrains:Client:ApiKey"] = service.Keys[ApiKeyService.Reader],
                ["RiskGrains:Client:CallTimeout"] = "00:00:05",
                ["RiskGrains:Client:Retry:MaxAttempts"] = "3",
                ["RiskGrains:Client:Reconnect:MaxDelay"] = "00:00:02",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddRiskGrainsClient(configuration.GetSection("RiskGrains:Client"));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<RiskGrainsClient>();
        var risk = await client.GetRiskAsync(service.CompanyId);
        var page = await client.ListCompaniesAsync(new ListCompaniesRequest { PageSize = 1 });

        Assert.Equal(service.CompanyId, risk.CompanyId);
        Assert.Single(page.Companies);
        Assert.Equal((TimeSpan.FromSeconds(5), 3, TimeSpan.FromSeconds(2)), (client.Options.CallTimeout, client.Options.Retry.MaxAttempts, client.Options.Reconnect.MaxDelay));
    }

    [Fact]
    public async Task The_factory_holds_a_named_client_of_each_service_for_each_address()
    {
        var services = new ServiceCollection();
        services.AddRiskGrainsClient(options =>
        {
            options.Address = service.Host.Address;
            options.Addresses.Add(new Uri("http://127.0.0.1:1"));
            options.ApiKey = service.Keys[ApiKeyService.Reader];
        });
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<GrpcClientFactory>();

        var first = factory.CreateClient<RiskService.RiskServiceClient>("RiskGrains.Client:RiskServiceClient:0");
        var second = factory.CreateClient<RiskService.RiskServiceClient>("RiskGrains.Client:RiskServiceClient:1");
        var portfolios = factory.CreateClient<PortfolioService.PortfolioServiceClient>("RiskGrains.Client:PortfolioServiceClient:0");
        var risk = await first.GetRiskAsync(new GetRiskRequest { CompanyId = service.CompanyId });
        var listed = await portfolios.ListPortfoliosAsync(new ListPortfoliosRequest());

        Assert.NotNull(second);
        Assert.Equal(service.CompanyId, risk.Risk.CompanyId);
        Assert.NotNull(listed);
    }

    [Fact]
    public void AddRiskGrainsClient_refuses_options_that_cannot_work_naming_each_setting()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ArgumentException>(() => services.AddRiskGrainsClient(options =>
        {
            options.ApiKey = "a";
            options.Token = "b";
            options.Retry.MaxAttempts = 0;
        }));

        Assert.Contains("Address (or Addresses) must name at least one server", error.Message, StringComparison.Ordinal);
        Assert.Contains("at most one of ApiKey, Token and TokenProvider", error.Message, StringComparison.Ordinal);
        Assert.Contains("Retry.MaxAttempts must be at least 1", error.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }
}
