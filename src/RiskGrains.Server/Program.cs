using Microsoft.Extensions.Options;
using RiskGrains.Server.Hosting;
using RiskGrains.Server.Security;

if (args is ["probe", var url, ..])
{
    return await HealthProbe.RunAsync(url);
}

if (args is ["keygen", .. var keygen])
{
    return KeyGenCommand.Run(keygen, Console.Out, Console.Error);
}

// Watchers wait on every pause: avoid blocking full collections while the service runs.
System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.SustainedLowLatency;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddRiskGrains();
    builder.AddShutdownDeadline();

    var app = builder.Build();
    app.MapRiskGrains();
    var security = app.Services.GetRequiredService<SecurityStartCheck>();
    await app.RunAsync();
    return security.Refusal is { } refusal ? Refuse([refusal]) : 0;
}
catch (OptionsValidationException invalid)
{
    return Refuse(invalid.Failures);
}

// A bad setting is the operator's to fix: each one by name, not a stack trace.
static int Refuse(IEnumerable<string> problems)
{
    Console.Error.WriteLine($"RiskGrains did not start: {string.Join("; ", problems)}");
    return 78;
}

/// <summary>The entry point, visible to end-to-end tests that host the service in-process.</summary>
public partial class Program;
