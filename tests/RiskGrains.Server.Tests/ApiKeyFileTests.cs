using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskGrains.Server.Hosting;
using RiskGrains.Server.Security;

namespace RiskGrains.Server.Tests;

/// <summary>The key file: made with keygen, checked line by line at start, re-read without a restart when it changes.</summary>
public sealed class ApiKeyFileTests
{
    [Fact]
    public async Task A_replaced_key_file_takes_effect_within_seconds_and_a_broken_one_keeps_the_keys_before()
    {
        var keys = new KeyFile(("desk-1", "writer"));
        await using var host = await ServiceHost.StartAsync(loadSampleData: false, dataDir: null, keys.Settings);
        var id = Requests.NewCompanyId("RO");
        var old = keys["desk-1"];
        await host.Client.UpsertCompanyAsync(Requests.Company(id), ApiKeyService.BearerOf(old));

        keys.Write(("desk-1", "writer"));
        var rotated = keys["desk-1"];
        var started = DateTime.UtcNow;
        var oldRefused = await Eventually.True(async () => await Status(host, old) == StatusCode.Unauthenticated, TimeSpan.FromSeconds(5));
        var took = DateTime.UtcNow - started;

        Assert.True(oldRefused, "the replaced key still works after 5 s");
        Assert.True(took < TimeSpan.FromSeconds(3), $"the new file took {took} to be read");
        Assert.Equal(StatusCode.OK, await Status(host, rotated));
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Information && e.Message == $"RiskGrains:Auth:ApiKeysFile changed: 1 entries read from {keys.Path}");

        // A new version with a bad line is refused as a whole: the keys read before stay in force.
        var broken = keys.Path + ".new";
        await File.WriteAllTextAsync(broken, $"{KeyGenCommand.Hash(KeyGenCommand.NewKey())} desk-2 reader\nnot a line\n");
        File.Move(broken, keys.Path, overwrite: true);
        // The file is checked when a call needs it.
        var logged = await Eventually.True(async () =>
        {
            await Status(host, rotated);
            return host.Logs.Entries.Any(e => e.Level == LogLevel.Error && e.Message.Contains($"{keys.Path} line 2:", StringComparison.Ordinal));
        });

        Assert.True(logged, "no error was logged for the broken file");
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.EndsWith("the new version is not used, the 1 entries read before are kept", StringComparison.Ordinal));
        Assert.Equal(StatusCode.OK, await Status(host, rotated));
    }

    [Theory]
    [InlineData("0123 desk-1 reader", "line 3: the first field must be a SHA-256 hash, 64 hex digits")]
    [InlineData("{hash} desk-1", "line 3: expected 3 fields '<sha256 hex> <name> <role>[,<role>...]', found 2")]
    [InlineData("{hash} desk-1 reader,auditor", "line 3: 'auditor' is not a role; the roles are reader, writer, admin")]
    [InlineData("{hash} desk/1 reader", "line 3: the name must be 1 to 64 characters of A-Z a-z 0-9 . _ - @ :")]
    [InlineData("{first} desk-2 reader", "line 3: the same hash as line 2")]
    public void A_malformed_line_stops_the_start_naming_the_file_and_the_line(string line, string problem)
    {
        var first = KeyGenCommand.Hash("first key");
        var path = Path.Combine(ServiceHost.TempDirectory(), "keys");
        File.WriteAllLines(path, ["# keys", $"{first} desk-1 reader", line.Replace("{hash}", KeyGenCommand.Hash("another key"), StringComparison.Ordinal).Replace("{first}", first, StringComparison.Ordinal)]);

        var error = Assert.Throws<OptionsValidationException>(() => Settings.Read(Configuration(("RiskGrains:Auth:Mode", "ApiKey"), ("RiskGrains:Auth:ApiKeysFile", path))));

        Assert.StartsWith($"RiskGrains:Auth:ApiKeysFile: {path} {problem}", error.Failures.Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RiskGrains:Auth:Mode", "ApiKey", "RiskGrains:Auth:ApiKeysFile is required when RiskGrains:Auth:Mode is ApiKey")]
    [InlineData("RiskGrains:Auth:ApiKeysFile", "/etc/keys", "RiskGrains:Auth:ApiKeysFile is used only when RiskGrains:Auth:Mode is ApiKey (it is None)")]
    [InlineData("RiskGrains:Auth:Mode", "Passwords", "Failed to convert configuration value 'Passwords' at 'RiskGrains:Auth:Mode'")]
    [InlineData("RiskGrains:Auth:Jwt:Audience", "riskgrains", "RiskGrains:Auth:Jwt is used only when RiskGrains:Auth:Mode is Jwt (it is None)")]
    [InlineData("RiskGrains:Auth:ClientCertificates", "/nowhere/clients", "RiskGrains:Auth:ClientCertificates: Could not find a part of the path '/nowhere/clients'")]
    public void Auth_settings_that_cannot_work_are_refused_by_name(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Settings.Read(Configuration((key, value))));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "RiskGrains:Auth:Jwt needs either Authority (with Audience) or SigningKey")]
    [InlineData("SigningKey=short text key", "RiskGrains:Auth:Jwt:SigningKey must be at least 32 bytes")]
    [InlineData("Authority=https://login.example.com/realms/desk", "RiskGrains:Auth:Jwt:Audience is required with RiskGrains:Auth:Jwt:Authority")]
    [InlineData("Authority=http://login.example.com", "RiskGrains:Auth:Jwt:Authority must be an https URL")]
    public void Jwt_settings_need_an_authority_with_an_audience_or_a_long_enough_key(string setting, string message)
    {
        var settings = new List<(string, string)> { ("RiskGrains:Auth:Mode", "Jwt") };
        if (setting.Split('=', 2) is [var key, var value])
        {
            settings.Add(($"RiskGrains:Auth:Jwt:{key}", value));
        }

        var error = Assert.Throws<OptionsValidationException>(() => Settings.Read(Configuration([.. settings])));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keygen_prints_a_new_key_once_and_the_line_of_its_hash()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = KeyGenCommand.Run(["desk-7", "reader,writer"], output, error);

        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        var key = lines[1].Trim();
        Assert.StartsWith("rgk_", key, StringComparison.Ordinal);
        Assert.Equal(47, key.Length);
        var line = lines[3].Trim();
        Assert.Equal($"{KeyGenCommand.Hash(key)} desk-7 reader,writer", line);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))), line[..64]);
        var entry = Assert.Single(PrincipalFile.Parse("keys", [line]));
        Assert.Equal(["reader", "writer"], entry.Roles.ToArray());
        Assert.Equal("", error.ToString());

        Assert.Equal(2, KeyGenCommand.Run(["desk-7", "superuser"], output, error));
        Assert.Contains("'superuser' is not a role", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<StatusCode> Status(ServiceHost host, string key)
    {
        try
        {
            await host.Client.ListCompaniesAsync(new Contract.V1.ListCompaniesRequest(), ApiKeyService.BearerOf(key));
            return StatusCode.OK;
        }
        catch (RpcException refused)
        {
            return refused.StatusCode;
        }
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
