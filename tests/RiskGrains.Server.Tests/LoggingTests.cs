using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace RiskGrains.Server.Tests;

/// <summary>The log levels of src/RiskGrains.Server/appsettings.json, wherever the service is started from.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task Log_levels_come_from_the_appsettings_json_beside_the_server_whatever_the_content_root()
    {
        // `dotnet run` keeps the caller's directory as the content root, where no appsettings.json is.
        var elsewhere = ServiceHost.TempDirectory();
        await using var host = await ServiceHost.StartAsync(loadSampleData: false, dataDir: null, "--contentRoot", elsewhere);

        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        Assert.False(loggers.CreateLogger("Orleans.Runtime.Catalog").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Orleans.Runtime.Catalog").IsEnabled(LogLevel.Warning));
        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("Polly").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("Grpc.AspNetCore.Server.ServerCallHandler").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Grpc.AspNetCore.Server.ServerCallHandler").IsEnabled(LogLevel.Error));
        Assert.True(loggers.CreateLogger("RiskGrains.Server.Hosting.SampleDataLoader").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Category.StartsWith("Orleans", StringComparison.Ordinal) && e.Level < LogLevel.Warning);
        Assert.Contains(host.Logs.Entries, e => e.Category == "Microsoft.Hosting.Lifetime" && e.Message.Contains(elsewhere, StringComparison.Ordinal));

        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        var source = configuration.Providers.OfType<JsonConfigurationProvider>().Single(p => p.TryGet("Logging:LogLevel:Orleans", out _)).Source;
        var file = Path.Combine(Assert.IsType<PhysicalFileProvider>(source.FileProvider).Root, source.Path!);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), file);
    }

    [Fact]
    [Trait("Category", "Process")] // a server process
    public async Task A_server_process_started_in_another_folder_logs_at_the_levels_of_its_appsettings_json_and_no_false_stall()
    {
        // As `dotnet run` and the published app run it: `dotnet RiskGrains.Server.dll` in another working directory.
        var dataDir = ServiceHost.TempDirectory();
        await using var server = await ServerProcess.StartAsync(dataDir);
        await Eventually.True(() => server.Output.Contains("Loaded the sample data", StringComparison.Ordinal));
        server.Terminate();
        await server.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var output = server.Output;
        Assert.Contains("info: RiskGrains.Server.Hosting.SampleDataLoader", output, StringComparison.Ordinal);
        Assert.Contains("info: Microsoft.Hosting.Lifetime", output, StringComparison.Ordinal);
        Assert.Contains($"Content root path: {dataDir}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("info: Orleans", output, StringComparison.Ordinal);
        Assert.DoesNotContain("info: Microsoft.AspNetCore", output, StringComparison.Ordinal);

        // Orleans' watchdog measured its first participant check from the clock's origin (WatchdogStartupWarningFilter).
        Assert.DoesNotContain("Participant check thread has not completed", output, StringComparison.Ordinal);
    }
}
