using RiskGrains.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRiskGrains();

var app = builder.Build();
app.MapRiskGrains();
app.Run();

/// <summary>The entry point, visible to end-to-end tests that host the service in-process.</summary>
public partial class Program;
