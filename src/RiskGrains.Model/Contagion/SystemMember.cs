using System.Collections.Immutable;

namespace RiskGrains.Model;

/// <summary>One company of a system scenario: its inputs and the revenue dependencies that tie it to others.</summary>
public sealed record SystemMember(string CompanyId, CompanyInputs Inputs, ImmutableArray<RevenueDependency> Dependencies);
