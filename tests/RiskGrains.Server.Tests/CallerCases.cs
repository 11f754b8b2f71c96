using System.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RiskGrains.Server.Security;

namespace RiskGrains.Server.Tests;

/// <summary>
/// The kinds of caller of the ApiKey-mode service (<see cref="ApiKeyService"/>) and what each RPC answers each of
/// them: the authorization tests of every service take their cases and expectations from here.
/// </summary>
internal static class CallerCases
{
    public const string NoCredentials = "no credentials";

    public const string UnknownKey = "unknown key";

    private static readonly string[] Callers = [NoCredentials, UnknownKey, ApiKeyService.Reader, ApiKeyService.Writer, ApiKeyService.Admin];

    /// <summary>Every (rpc, caller) pair.</summary>
    public static TheoryData<string, string> For(IEnumerable<string> rpcs)
    {
        var cases = new TheoryData<string, string>();
        foreach (var rpc in rpcs)
        {
            foreach (var caller in Callers)
            {
                cases.Add(rpc, caller);
            }
        }

        return cases;
    }

    /// <summary>The metadata the caller sends: none, a key the server never issued, or its own key.</summary>
    public static Metadata? Headers(ApiKeyService service, string caller) => caller switch
    {
        NoCredentials => null,
        UnknownKey => ApiKeyService.BearerOf(KeyGenCommand.NewKey()),
        _ => service.Bearer(caller),
    };

    /// <summary>The status and message <paramref name="rpc"/> of <paramref name="serviceName"/> answers the caller with; OK and empty when it is allowed.</summary>
    public static (StatusCode Status, string Message) Expected(string serviceName, string rpc, bool write, string caller) => caller switch
    {
        NoCredentials => (StatusCode.Unauthenticated, "no credentials: send the metadata 'authorization: Bearer <API key>'"),
        UnknownKey => (StatusCode.Unauthenticated, "the API key sent is not known to this server: send 'authorization: Bearer <API key>' with a key issued for it"),
        ApiKeyService.Reader when write => (StatusCode.PermissionDenied, $"riskgrains.v1.{serviceName}/{rpc} needs the role writer or admin; 'desk-reader' has reader"),
        _ => (StatusCode.OK, ""),
    };

    /// <summary>Asserts that every RPC of the service's implementation names its policy: writes the writer's, reads the reader's.</summary>
    public static void AssertPolicies(Type implementation, Type serviceBase, IReadOnlyCollection<string> writes, IReadOnlyCollection<string> reads)
    {
        var rpcs = implementation.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetBaseDefinition().DeclaringType == serviceBase)
            .ToDictionary(m => m.Name, m => m.GetCustomAttribute<AuthorizeAttribute>()?.Policy);

        Assert.Equal(writes.Count + reads.Count, rpcs.Count);
        Assert.All(writes, rpc => Assert.Equal(RolePolicies.Write, rpcs[rpc]));
        Assert.All(reads, rpc => Assert.Equal(RolePolicies.Read, rpcs[rpc]));
    }
}
