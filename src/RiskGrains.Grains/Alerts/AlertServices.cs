using Microsoft.Extensions.DependencyInjection;

namespace RiskGrains.Grains;

public static class AlertServices
{
    /// <summary>What a silo needs to evaluate alert rules: its <see cref="AlertRuleBook"/>, started with the silo. The host adds an <see cref="IAlertEventStore"/>.</summary>
    public static IServiceCollection AddAlertRuleBook(this IServiceCollection services)
    {
        services.AddSingleton<AlertRuleBook>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AlertRuleBook>());
        return services;
    }
}
