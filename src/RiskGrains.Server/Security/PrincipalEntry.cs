using System.Collections.Immutable;

namespace RiskGrains.Server.Security;

/// <summary>One line of a principal file: the SHA-256 of a key (or of a certificate), who it is, and its roles.</summary>
internal sealed record PrincipalEntry(byte[] Hash, string Name, ImmutableArray<string> Roles);
