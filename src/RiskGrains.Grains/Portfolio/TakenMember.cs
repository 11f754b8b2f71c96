using RiskGrains.Model;

namespace RiskGrains.Grains;

/// <summary>The version of a member company a portfolio last took, and what it read of it; version 0 before any.</summary>
internal readonly record struct TakenMember(ulong Version, MemberRisk Risk);
