using System.ComponentModel;
using Spectre.Console.Cli;

namespace RiskGrains.Cli;

/// <summary>The options every command takes, before or after its arguments (<see cref="GlobalArguments"/>).</summary>
public class GlobalSettings : CommandSettings
{
    public const string DefaultServer = "http://localhost:5000";
    public const string ServerVariable = "RISKGRAINS_SERVER";
    public const string ApiKeyVariable = "RISKGRAINS_API_KEY";

    [CommandOption("--server <URL>")]
    [Description("The service's address [grey](default: $RISKGRAINS_SERVER, else http://localhost:5000)[/]")]
    public string? Server { get; init; }

    [CommandOption("--api-key <KEY>")]
    [Description("An API key, sent as 'authorization: Bearer <KEY>' [grey](default: $RISKGRAINS_API_KEY)[/]")]
    public string? ApiKey { get; init; }

    [CommandOption("-o|--output <FORMAT>")]
    [Description("table (default) or json: one proto3 JSON document per line")]
    [DefaultValue(OutputFormat.Table)]
    public OutputFormat Output { get; init; } = OutputFormat.Table;

    /// <summary>The address in force: the option, else the environment, else the default.</summary>
    public string ServerAddress => NonEmpty(Server) ?? NonEmpty(Environment.GetEnvironmentVariable(ServerVariable)) ?? DefaultServer;

    /// <summary>The key in force: the option, else the environment; none without either.</summary>
    public string? ApiKeyInForce => NonEmpty(ApiKey) ?? NonEmpty(Environment.GetEnvironmentVariable(ApiKeyVariable));

    public bool Json => Output == OutputFormat.Json;

    public override Spectre.Console.ValidationResult Validate()
    {
        var address = ServerAddress;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return Spectre.Console.ValidationResult.Error($"--server must be an http:// or https:// address, not '{address}'");
        }

        return Spectre.Console.ValidationResult.Success();
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
