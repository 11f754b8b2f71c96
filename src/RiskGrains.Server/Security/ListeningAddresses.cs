using System.Net;
using Microsoft.Extensions.Options;

namespace RiskGrains.Server.Security;

/// <summary>
/// Where the server is asked to listen, and whether each address is loopback: without
/// authentication (<c>RiskGrains:Auth:Mode</c> None) the server may listen only there.
/// </summary>
internal static class ListeningAddresses
{
    /// <summary>Kestrel's address when nothing is configured.</summary>
    public const string Default = "http://localhost:5000";

    /// <summary>
    /// The addresses of the configuration: <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), else
    /// <c>http_ports</c>/<c>https_ports</c> (every interface), and each <c>Kestrel:Endpoints:*:Url</c>.
    /// </summary>
    public static IReadOnlyList<string> Configured(IConfiguration configuration)
    {
        var addresses = new List<string>();
        var urls = configuration["urls"];
        if (!string.IsNullOrWhiteSpace(urls))
        {
            addresses.AddRange(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        else
        {
            foreach (var (key, scheme) in (ReadOnlySpan<(string, string)>)[("http_ports", "http"), ("https_ports", "https")])
            {
                var ports = configuration[key]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
                addresses.AddRange(ports.Select(port => $"{scheme}://*:{port}"));
            }
        }

        addresses.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return addresses.Count == 0 ? [Default] : addresses;
    }

    /// <summary>
    /// True for localhost, 127.0.0.0/8, [::1] and Unix sockets; false for every other host: an IP of
    /// an interface, a wildcard (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) or a host name, which Kestrel binds on every interface.
    /// </summary>
    public static bool IsLoopback(string address)
    {
        BindingAddress parsed;
        try
        {
            parsed = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return false;
        }

        if (parsed.IsUnixPipe || parsed.IsNamedPipe)
        {
            return true;
        }

        var host = parsed.Host.TrimStart('[').TrimEnd(']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>Stops the start when an address is not loopback and nothing authenticates callers.</summary>
    public static void RequireLoopback(IEnumerable<string> addresses)
    {
        var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
        if (exposed.Count > 0)
        {
            throw new OptionsValidationException("RiskGrains:Auth:Mode", typeof(AuthOptions), [Refusal(exposed)]);
        }
    }

    public static string Refusal(IReadOnlyCollection<string> exposed) =>
        $"RiskGrains:Auth:Mode is None (no authentication), allowed only on loopback addresses, and the server is set to listen on {string.Join(", ", exposed)}: "
        + "set RiskGrains:Auth:Mode to ApiKey or Jwt (SECURITY.md), or listen on localhost, 127.0.0.1 or [::1] only";
}
