using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RiskGrains.Client;
using RiskGrains.Contract.V1;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="RiskGrainsClient"/> with dependency injection, through Grpc.Net.ClientFactory.</summary>
public static class RiskGrainsClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="RiskGrainsClient"/> configured by <paramref name="configure"/>, and for each
    /// address and service a named gRPC client of the factory (<c>AddGrpcClient&lt;RiskService.RiskServiceClient&gt;</c>
    /// named <c>RiskGrains.Client:RiskServiceClient:0</c> for the first address, and so on) with the options' handler,
    /// credentials and message limits. The options are read once, here.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options: at least an address.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentException">The options cannot work: the message names every setting at fault.</exception>
    public static IServiceCollection AddRiskGrainsClient(this IServiceCollection services, Action<RiskGrainsClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new RiskGrainsClientOptions();
        configure(options);
        return services.AddRiskGrainsClient(options);
    }

    /// <summary>
    /// Registers a <see cref="RiskGrainsClient"/> as <see cref="AddRiskGrainsClient(IServiceCollection, Action{RiskGrainsClientOptions})"/>
    /// does, with options bound from a configuration section (for instance <c>RiskGrains:Client</c> holding
    /// <c>Address</c>, <c>ApiKey</c>, <c>CaCertificatePath</c>, <c>Retry:MaxAttempts</c>), then changed by <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section whose keys are the option names.</param>
    /// <param name="configure">Further settings, such as a <see cref="RiskGrainsClientOptions.TokenProvider"/>; optional.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentException">The options cannot work: the message names every setting at fault.</exception>
    public static IServiceCollection AddRiskGrainsClient(this IServiceCollection services, IConfiguration configuration, Action<RiskGrainsClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new RiskGrainsClientOptions();
        configuration.Bind(options);
        configure?.Invoke(options);
        return services.AddRiskGrainsClient(options);
    }

    private static IServiceCollection AddRiskGrainsClient(this IServiceCollection services, RiskGrainsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        options = options.Copy();
        options.Validate();
        var addresses = options.AllAddresses();
        for (var i = 0; i < addresses.Count; i++)
        {
            AddServiceClient<RiskService.RiskServiceClient>(services, FactoryServerSet.Name<RiskService.RiskServiceClient>(i), addresses[i], options);
            AddServiceClient<PortfolioService.PortfolioServiceClient>(services, FactoryServerSet.Name<PortfolioService.PortfolioServiceClient>(i), addresses[i], options);
            AddServiceClient<AlertService.AlertServiceClient>(services, FactoryServerSet.Name<AlertService.AlertServiceClient>(i), addresses[i], options);
        }

        services.TryAddSingleton(provider => new RiskGrainsClient(
            new FactoryServerSet(provider.GetRequiredService<GrpcClientFactory>(), addresses),
            options,
            provider.GetService<ILoggerFactory>()));
        return services;
    }

    /// <summary>One service's client for one address; a further service of the contract is one more call per address.</summary>
    private static void AddServiceClient<TClient>(IServiceCollection services, string name, Uri address, RiskGrainsClientOptions options)
        where TClient : ClientBase
    {
        var client = services
            .AddGrpcClient<TClient>(name, o => o.Address = address)
            .ConfigurePrimaryHttpMessageHandler(() => Transport.CreateHandler(options))
            .ConfigureChannel(channel => Transport.Configure(channel, options));
        if (Transport.CallCredentials(options) is { } credentials)
        {
            client.AddCallCredentials(credentials);
        }
    }
}
