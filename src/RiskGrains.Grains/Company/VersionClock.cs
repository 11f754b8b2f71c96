namespace RiskGrains.Grains;

/// <summary>
/// The versions of one company. Every applied change takes the next version, ticks included, but
/// ticks are stored only now and then; so versions are reserved ahead, in blocks, by storing a
/// ceiling: a tick is acknowledged only with a version below a stored ceiling. After a crash the
/// company resumes at that ceiling, a version no client has seen with other figures, and never goes
/// back; a clean stop stores the exact version (<see cref="Seal"/>), so the next activation resumes
/// exactly there.
/// </summary>
/// <remarks>Plain C#, no I/O: the grain stores what the clock tells it to and reports what was stored.</remarks>
public sealed class VersionClock(ulong reserveBlock)
{
    /// <summary>The version of the current state: the last one handed out.</summary>
    public ulong Current { get; private set; }

    /// <summary>The ceiling reserved so far; the part above <see cref="DurableCeiling"/> may not be stored yet.</summary>
    public ulong Ceiling { get; private set; }

    /// <summary>The highest ceiling known to be stored.</summary>
    public ulong DurableCeiling { get; private set; }

    public VersionStamp Stamp => new(Current, Ceiling);

    /// <summary>Resumes from the stamps of the company record (fundamentals) and the market record.</summary>
    public void Restore(VersionStamp company, VersionStamp market)
    {
        // The newer record's ceiling holds: a ceiling only grows while the company runs, except that
        // a clean stop lowers it to the exact version in the market record, the last one written.
        var marketIsNewer = market.Version > 0 && market.Version >= company.Version;
        var ceiling = marketIsNewer ? market.Ceiling : Math.Max(company.Ceiling, market.Ceiling);

        // After a crash, every version below the ceiling may have been streamed without being stored.
        Current = Math.Max(Math.Max(company.Version, market.Version), ceiling);
        Ceiling = ceiling;
        DurableCeiling = ceiling;
    }

    /// <summary>A tick takes the next version; the answer says what must be stored for it.</summary>
    public Reservation AdvanceTick()
    {
        Current++;

        // Half a block before the ceiling is reached, the next block is reserved while ticks go on.
        if (Current + (reserveBlock / 2) > Ceiling)
        {
            Ceiling = Current + reserveBlock;
        }

        // A tick at the stored ceiling itself would share its number with the state a crash resumes at.
        return Current >= DurableCeiling ? Reservation.BeforeAcknowledging
            : Ceiling > DurableCeiling ? Reservation.InBackground
            : Reservation.Covered;
    }

    /// <summary>True when the next tick's version must be stored before the tick is acknowledged (<see cref="Reservation.BeforeAcknowledging"/>).</summary>
    public bool NextTickWaitsForStore => Current + 1 >= DurableCeiling;

    /// <summary>Takes back a tick whose reservation could not be stored (it was never acknowledged).</summary>
    public void Rollback(VersionStamp before) => (Current, Ceiling) = (before.Version, before.Ceiling);

    /// <summary>The stamp a fundamentals write stores with it: the next version, within the ceiling.</summary>
    public VersionStamp Next() => new(Current + 1, Math.Max(Ceiling, Current + 1));

    /// <summary>A fundamentals write carrying <paramref name="stamp"/> is stored: its version is now the current one.</summary>
    public void Commit(VersionStamp stamp)
    {
        Current = stamp.Version;
        Ceiling = Math.Max(Ceiling, stamp.Ceiling);
        Stored(stamp);
    }

    /// <summary>A record carrying <paramref name="stamp"/> is stored.</summary>
    public void Stored(VersionStamp stamp) => DurableCeiling = Math.Max(DurableCeiling, stamp.Ceiling);

    /// <summary>
    /// A clean stop: lowers the ceiling to the exact version. True when the market record must be
    /// stored again for the next activation to resume exactly here.
    /// </summary>
    public bool Seal()
    {
        if (Ceiling <= Current)
        {
            return false;
        }

        Ceiling = Current;
        return true;
    }
}
