namespace RiskGrains.Grains;

/// <summary>What a portfolio did with a member company's snapshot.</summary>
internal enum MemberUpdate
{
    /// <summary>A newer version of a member: the book has it.</summary>
    Taken,

    /// <summary>A version not newer than the one taken (one-way updates can arrive out of order, and refreshes repeat them).</summary>
    Stale,

    /// <summary>The company is not a member (any more): its subscription is left over.</summary>
    NotMember,
}
