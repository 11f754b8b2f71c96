using System.Collections.Immutable;

namespace RiskGrains.Grains;

/// <summary>A page of rows in id order: those after a given id, and the id a next page starts after (null on the last page).</summary>
internal static class KeysetPage
{
    public static (ImmutableArray<T> Rows, string? NextAfter) Take<T>(ImmutableSortedDictionary<string, T> rows, string? after, int pageSize, Func<T, bool>? keep = null)
    {
        var page = ImmutableArray.CreateBuilder<T>(Math.Min(pageSize, 256));
        string? last = null;
        foreach (var (id, row) in rows)
        {
            if ((after is not null && string.CompareOrdinal(id, after) <= 0) || (keep is not null && !keep(row)))
            {
                continue;
            }

            if (page.Count == pageSize)
            {
                return (page.ToImmutable(), last);
            }

            page.Add(row);
            last = id;
        }

        return (page.ToImmutable(), null);
    }
}
