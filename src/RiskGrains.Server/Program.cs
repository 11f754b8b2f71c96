using RiskGrains.Server.Hosting;

if (args is ["probe", var url, ..])
{
    return await HealthProbe.RunAsync(url);
}

// Watchers wait on every pause: avoid blocking full collections while the service runs.
System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.SustainedLowLatency;

var builder = WebApplication.CreateBuilder(args);
builder.AddRiskGrains();
builder.AddShutdownDeadline();

var app = builder.Build();
app.MapRiskGrains();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to end-to-end tests that host the service in-process.</summary>
public partial class Program;
