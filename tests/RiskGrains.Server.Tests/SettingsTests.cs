using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using RiskGrains.Server.Hosting;

namespace RiskGrains.Server.Tests;

/// <summary>Settings are read once from the RiskGrains section, as durations where they are durations, and a bad one stops the server by name.</summary>
public sealed class SettingsTests
{
    [Fact]
    public void Durations_bind_from_their_configuration_keys_and_unset_ones_keep_their_default()
    {
        var options = Settings.Read(Configuration(("RiskGrains:ProbeTimeout", "00:00:03"), ("RiskGrains:ShutdownDeadline", "00:01:00")));

        Assert.Equal(TimeSpan.FromSeconds(3), options.ProbeTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ShutdownDeadline);
        Assert.Equal(TimeSpan.FromSeconds(15), options.ShutdownTimeout);
        Assert.Equal(TimeSpan.FromMinutes(30), options.IdleDeactivation);
        Assert.Equal(DeploymentMode.Embedded, options.Mode);
    }

    [Theory]
    [InlineData("RiskGrains:ProbeTimeoutSeconds", "5", "RiskGrains:ProbeTimeoutSeconds was renamed RiskGrains:ProbeTimeout")]
    [InlineData("RiskGrains:MarketStateSaveSeconds", "1", "RiskGrains:MarketStateSaveSeconds was renamed RiskGrains:MarketStateSaveInterval")]
    [InlineData("RiskGrains:DataDri", "/tmp/x", "RiskGrains:DataDri is not a setting")]
    [InlineData("RiskGrains:Auth:Mdoe", "ApiKey", "RiskGrains:Auth:Mdoe is not a setting; the settings there are ApiKeysFile, ClientCertificates, Jwt, Mode")]
    [InlineData("RiskGrains:Mode", "Cluster", "RiskGrains:Redis is required when RiskGrains:Mode is Cluster")]
    [InlineData("RiskGrains:TraceSampleRatio", "1.5", "RiskGrains:TraceSampleRatio must be between 0 and 1")]
    [InlineData("RiskGrains:ShutdownDeadline", "00:00:10", "RiskGrains:ShutdownDeadline must be longer than RiskGrains:ShutdownTimeout")]
    [InlineData("RiskGrains:ProbeTimeout", "5", "RiskGrains:ProbeTimeout must be between 00:00:00.1 and 00:01:00 (a bare number is read as days)")]
    [InlineData("RiskGrains:IdleDeactivation", "00:01:00", "RiskGrains:IdleDeactivation must be between 00:02:00 and 7.00:00:00")]
    [InlineData("RiskGrains:Limits:MaxClockSkewSeconds", "300", "RiskGrains:Limits:MaxClockSkewSeconds was renamed RiskGrains:Limits:MaxClockSkew, a duration such as 00:05:00")]
    [InlineData("RiskGrains:MaxClockSkewSeconds", "300", "RiskGrains:MaxClockSkewSeconds was renamed RiskGrains:Limits:MaxClockSkew")]
    [InlineData("RiskGrains:Limits:MaxPageSzie", "10", "RiskGrains:Limits:MaxPageSzie is not a setting; the settings there are IngestIdleTimeout, MaxAlertRuleCompanies, MaxAlertRules, MaxAlertWatchStreams,")]
    [InlineData("RiskGrains:Limits:MaxPageSize", "0", "RiskGrains:Limits:MaxPageSize must be between 1 and 10000")]
    [InlineData("RiskGrains:Limits:MaxClockSkew", "2", "RiskGrains:Limits:MaxClockSkew must be between 00:00:00 and 1.00:00:00 (a bare number is read as days)")]
    [InlineData("RiskGrains:Limits:IngestIdleTimeout", "00:00:00", "RiskGrains:Limits:IngestIdleTimeout must be between 00:00:01 and 01:00:00")]
    [InlineData("RiskGrains:Limits:MaxIngestStreamsPerPrincipal", "129", "RiskGrains:Limits:MaxIngestStreamsPerPrincipal must be between 1 and 128")]
    [InlineData("RiskGrains:Limits:MaxReceiveMessageSize", "100", "RiskGrains:Limits:MaxReceiveMessageSize must be between 65536 and 67108864")]
    [InlineData("RiskGrains:Limits:MaxScenarioCompanies", "1000", "RiskGrains:Limits:MaxScenarioCompanies (1000), RiskGrains:Limits:MaxNameLength (200) and RiskGrains:Limits:MaxSectorLength (100) allow a RunScenario response of up to 8074256 bytes, more than RiskGrains:Limits:MaxSendMessageSize (4194304)")]
    [InlineData("RiskGrains:Limits:MaxPageSize", "10000", "allow a ListCompanies page of up to 6870292 bytes, more than RiskGrains:Limits:MaxSendMessageSize (4194304)")]
    [InlineData("RiskGrains:HistoryIntervalSeconds", "60", "RiskGrains:HistoryIntervalSeconds was renamed RiskGrains:HistoryInterval, a duration such as 00:01:00")]
    [InlineData("RiskGrains:HistoryIntrval", "00:01:00", "RiskGrains:HistoryIntrval is not a setting")]
    [InlineData("RiskGrains:Limits:MaxHistoryPoints", "10000", "RiskGrains:Limits:MaxHistoryPoints (10000) allows a GetHistory response of up to")]
    [InlineData("RiskGrains:Limits:MaxPeers", "0", "RiskGrains:Limits:MaxPeers must be between 1 and 100000")]
    [InlineData("RiskGrains:Limits:MaxAlertRules", "0", "RiskGrains:Limits:MaxAlertRules must be between 1 and 100000")]
    [InlineData("RiskGrains:Limits:MaxAlertRuleCompanies", "1000", "RiskGrains:Limits:MaxAlertRules (1000) and RiskGrains:Limits:MaxAlertRuleCompanies (1000) allow a ListAlertRules response of up to")]
    [InlineData("RiskGrains:Limits:MaxAlertWatchStreamsPerPrincipal", "257", "RiskGrains:Limits:MaxAlertWatchStreamsPerPrincipal must be between 1 and 256")]
    [InlineData("RiskGrains:AlertRetension", "30", "RiskGrains:AlertRetension is not a setting")]
    public void A_mistyped_renamed_or_out_of_range_setting_is_refused_by_name(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Settings.Read(Configuration((key, value))));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void History_settings_out_of_range_are_named_by_their_keys()
    {
        Assert.Empty(new Grains.HistoryOptions().Problems());
        var problems = new Grains.HistoryOptions
        {
            HistoryInterval = TimeSpan.FromMilliseconds(500),
            HistoryMaxPoints = 0,
            HistoryRetention = TimeSpan.FromMinutes(1),
            HistoryTrimInterval = TimeSpan.FromDays(2),
        }.Problems().ToList();

        Assert.Equal(
            ["RiskGrains:HistoryInterval", "RiskGrains:HistoryMaxPoints", "RiskGrains:HistoryRetention", "RiskGrains:HistoryTrimInterval"],
            problems.Select(p => p.Split(' ')[0]));
    }

    [Fact]
    public void Alert_settings_out_of_range_are_named_by_their_keys()
    {
        Assert.Empty(new Grains.AlertOptions().Problems());
        var problems = new Grains.AlertOptions
        {
            AlertRefreshInterval = TimeSpan.Zero,
            AlertRetention = TimeSpan.FromDays(40_000),
            AlertMaxEvents = -1,
            AlertTrimInterval = TimeSpan.FromDays(2),
            AlertStreamQueue = 15,
        }.Problems().ToList();

        Assert.Equal(
            ["RiskGrains:AlertRefreshInterval", "RiskGrains:AlertRetention", "RiskGrains:AlertMaxEvents", "RiskGrains:AlertTrimInterval", "RiskGrains:AlertStreamQueue"],
            problems.Select(p => p.Split(' ')[0]));
    }

    [Fact]
    public void Limits_bind_from_their_section_and_unset_ones_keep_their_default()
    {
        var options = Settings.Read(Configuration(
            ("RiskGrains:Limits:MaxNameLength", "50"),
            ("RiskGrains:Limits:MaxClockSkew", "00:00:30"),
            ("RiskGrains:Limits:MaxScenarioCompanies", "1000"),
            ("RiskGrains:Limits:MaxSendMessageSize", "16777216"))).Limits;

        Assert.Equal(50, options.MaxNameLength);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxClockSkew);
        Assert.Equal(1_000, options.MaxScenarioCompanies);
        Assert.Equal(4 * 1024 * 1024, options.MaxReceiveMessageSize);
        Assert.Equal(TimeSpan.FromMinutes(1), options.IngestIdleTimeout);
        Assert.Equal(200, options.MaxCommitmentsPerCompany);
    }

    [Theory]
    [InlineData("RiskGrains:WatchRefreshInterval", "-00:00:01", "RiskGrains:WatchRefreshInterval must be between 00:00:01 and 01:00:00")]
    [InlineData("RiskGrains:WindowQuarters", "0", "RiskGrains:WindowQuarters must be between 1 and 40")]
    [InlineData("RiskGrains:PdHorizonsYears:0", "0", "RiskGrains:PdHorizonsYears must list 1 to 20 horizons in years, ascending")]
    [InlineData("RiskGrains:MarketStateSaveInterval", "30", "RiskGrains:MarketStateSaveInterval must be between 00:00:00.1 and 01:00:00")]
    [InlineData("RiskGrains:AlertRetention", "00:10:00", "RiskGrains:AlertRetention must be between 01:00:00 and 36500.00:00:00")]
    [InlineData("RiskGrains:AlertMaxEvents", "0", "RiskGrains:AlertMaxEvents must be between 1 and 100000000")]
    [InlineData("RiskGrains:AlertRefreshInterval", "00:00:00.5", "RiskGrains:AlertRefreshInterval must be between 00:00:01 and 01:00:00")]
    public async Task The_grain_and_watch_settings_are_checked_when_the_server_starts(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ServiceHost.StartAsync(loadSampleData: false, dataDir: null, "--" + key, value));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task The_horizons_of_the_term_structure_are_a_setting()
    {
        await using var host = await ServiceHost.StartAsync(loadSampleData: false, dataDir: null, "--RiskGrains:PdHorizonsYears:0", "2", "--RiskGrains:PdHorizonsYears:1", "4.5");
        var id = Requests.NewCompanyId();
        await Requests.CreateAsync(host.Client, id);
        await host.Client.PublishMarketDataAsync(Requests.Tick(id, DateTimeOffset.UtcNow));

        var risk = (await host.Client.GetRiskAsync(new RiskGrains.Contract.V1.GetRiskRequest { CompanyId = id })).Risk;

        Assert.Equal([2.0, 4.5], risk.PdTermStructure.Select(p => p.Years));
        Assert.True(risk.PdTermStructure[1].CumulativeDefaultProbability >= risk.PdTermStructure[0].CumulativeDefaultProbability);
    }

    [Fact]
    [Trait("Category", "Process")]
    public async Task The_server_process_with_a_bad_setting_prints_it_and_exits_78_without_a_stack_trace()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RiskGrains.Server.dll"));
        start.ArgumentList.Add("--RiskGrains:ProbeTimeoutSeconds=5");
        start.ArgumentList.Add("--RiskGrains:DataDir=" + ServiceHost.TempDirectory());
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await output;

        Assert.Equal(78, process.ExitCode);
        Assert.Equal("RiskGrains did not start: RiskGrains:ProbeTimeoutSeconds was renamed RiskGrains:ProbeTimeout, a duration such as 00:00:01", error.Trim());
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
