using Microsoft.Extensions.Options;
using RiskGrains.Server.Hosting;

if (args is ["probe", var url, ..])
{
    return await HealthProbe.RunAsync(url);
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
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException invalid)
{
    // A bad setting is the operator's to fix: each one by name, not a stack trace.
    Console.Error.WriteLine($"RiskGrains did not start: {string.Join("; ", invalid.Failures)}");
    return 78;
}

/// <summary>The entry point, visible to end-to-end tests that host the service in-process.</summary>
public partial class Program;
