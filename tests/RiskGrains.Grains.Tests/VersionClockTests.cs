namespace RiskGrains.Grains.Tests;

/// <summary>
/// The version clock against a simulated store of the two records a company keeps, through every
/// sequence of ticks, fundamentals writes, background writes landing, saves, crashes and clean stops.
/// </summary>
public sealed class VersionClockTests
{
    private const ulong Block = 8;
    private const int Burst = 11;

    private enum Step
    {
        Tick,
        TickBurst,
        Fundamentals,
        BackgroundWriteLands,
        BackgroundSave,
        Crash,
        CleanStop,
    }

    [Fact]
    public void A_new_company_starts_at_version_zero_with_nothing_reserved()
    {
        var clock = new VersionClock(Block);
        clock.Restore(default, default);

        Assert.Equal(new VersionStamp(0, 0), clock.Stamp);
        Assert.Equal(0UL, clock.DurableCeiling);
    }

    [Fact]
    public void The_first_tick_after_a_fundamentals_write_waits_for_its_block_and_the_next_blocks_are_stored_in_the_background()
    {
        var clock = new VersionClock(Block);
        clock.Restore(default, default);
        clock.Commit(clock.Next());

        Assert.Equal(Reservation.BeforeAcknowledging, clock.AdvanceTick());
        Assert.Equal(new VersionStamp(2, 2 + Block), clock.Stamp);
        clock.Stored(clock.Stamp);
        Assert.Equal(Reservation.Covered, clock.AdvanceTick());
        Assert.Equal(Reservation.Covered, clock.AdvanceTick());

        Assert.Equal(Reservation.Covered, clock.AdvanceTick());
        Assert.Equal(Reservation.Covered, clock.AdvanceTick());

        // Past half a block before the stored ceiling (10), the next block is reserved while ticks go on.
        Assert.Equal(Reservation.InBackground, clock.AdvanceTick());
        Assert.Equal(new VersionStamp(7, 7 + Block), clock.Stamp);
    }

    [Fact]
    public void A_crash_resumes_at_the_stored_ceiling_and_a_clean_stop_at_the_exact_version()
    {
        var crashed = new VersionClock(Block);
        crashed.Restore(new VersionStamp(5, 5), new VersionStamp(7, 15));
        Assert.Equal(new VersionStamp(15, 15), crashed.Stamp);

        // Running on from there, then stopping cleanly: the ceiling comes down to the version.
        crashed.AdvanceTick();
        Assert.Equal(new VersionStamp(16, 16 + Block), crashed.Stamp);
        Assert.True(crashed.Seal());
        Assert.Equal(new VersionStamp(16, 16), crashed.Stamp);
        Assert.False(crashed.Seal());

        var resumed = new VersionClock(Block);
        resumed.Restore(new VersionStamp(5, 5), crashed.Stamp);
        Assert.Equal(new VersionStamp(16, 16), resumed.Stamp);
    }

    [Fact]
    public void A_company_record_newer_than_the_market_record_keeps_the_higher_ceiling()
    {
        // A market save can land while a fundamentals write is in flight, carrying the older version
        // and a ceiling reserved since; the higher ceiling holds.
        var clock = new VersionClock(Block);
        clock.Restore(new VersionStamp(9, 9), new VersionStamp(8, 20));

        Assert.Equal(new VersionStamp(20, 20), clock.Stamp);
    }

    [Fact]
    public void A_tick_whose_block_could_not_be_stored_is_taken_back()
    {
        var clock = new VersionClock(Block);
        clock.Restore(new VersionStamp(3, 3), default);
        var before = clock.Stamp;

        Assert.Equal(Reservation.BeforeAcknowledging, clock.AdvanceTick());
        clock.Rollback(before);

        Assert.Equal(before, clock.Stamp);
        Assert.Equal(Reservation.BeforeAcknowledging, clock.AdvanceTick());
        Assert.Equal(4UL, clock.Current);
    }

    [Fact]
    public void Versions_never_go_back_after_any_crash_and_a_clean_stop_resumes_exactly_where_it_stopped()
    {
        var steps = Enum.GetValues<Step>();
        var sequences = 0;
        foreach (var sequence in Sequences(steps, length: 6))
        {
            Run(sequence);
            sequences++;
        }

        Assert.Equal((int)Math.Pow(steps.Length, 6), sequences);
    }

    private static IEnumerable<Step[]> Sequences(Step[] steps, int length)
    {
        var total = (int)Math.Pow(steps.Length, length);
        for (var n = 0; n < total; n++)
        {
            var sequence = new Step[length];
            var rest = n;
            for (var i = 0; i < length; i++)
            {
                sequence[i] = steps[rest % steps.Length];
                rest /= steps.Length;
            }

            yield return sequence;
        }
    }

    /// <summary>Plays one sequence the way the company grain uses the clock, checking after every step.</summary>
    private static void Run(Step[] sequence)
    {
        var store = new Store();
        var company = Company.Activate(store);
        ulong handedOut = 0;

        void HandOut(ulong version, Step step)
        {
            Assert.True(version > handedOut, $"{string.Join(", ", sequence)}: {step} handed out {version} after {handedOut}");
            handedOut = version;
        }

        foreach (var step in sequence)
        {
            switch (step)
            {
                case Step.Tick:
                    HandOut(company.Tick(), step);
                    break;
                case Step.TickBurst:
                    for (var i = 0; i < Burst; i++)
                    {
                        HandOut(company.Tick(), step);
                    }

                    break;
                case Step.Fundamentals:
                    HandOut(company.WriteFundamentals(), step);
                    break;
                case Step.BackgroundWriteLands:
                    company.LandOldestWrite();
                    break;
                case Step.BackgroundSave:
                    company.SaveInBackground();
                    break;
                case Step.Crash:
                    // Writes in flight are lost; the store keeps what landed. The activation's snapshot carries the version it resumes at.
                    // Resuming at the last version handed out is right only when that version's state was stored.
                    var lastStored = company.StateIsStored;
                    company = Company.Activate(store);
                    Assert.True(
                        company.Clock.Current > handedOut || (company.Clock.Current == handedOut && lastStored),
                        $"{string.Join(", ", sequence)}: resumed at {company.Clock.Current} after handing out {handedOut}");
                    handedOut = company.Clock.Current;
                    break;
                case Step.CleanStop:
                    company.Stop();
                    company = Company.Activate(store);
                    Assert.True(company.Clock.Current == handedOut, $"{string.Join(", ", sequence)}: a clean stop at {handedOut} resumed at {company.Clock.Current}");
                    break;
            }
        }
    }

    private sealed class Store
    {
        public VersionStamp CompanyRecord { get; set; }

        public VersionStamp MarketRecord { get; set; }
    }

    /// <summary>The company grain's protocol with the clock, its two records written synchronously or in the background.</summary>
    private sealed class Company(Store store)
    {
        private readonly Queue<VersionStamp> _inFlight = new();
        private bool _dirty;

        public VersionClock Clock { get; } = new(Block);

        /// <summary>Whether the store holds the current version's state (a crash would lose nothing of it).</summary>
        public bool StateIsStored { get; private set; } = true;

        public static Company Activate(Store store)
        {
            var company = new Company(store);
            company.Clock.Restore(store.CompanyRecord, store.MarketRecord);
            return company;
        }

        public ulong Tick()
        {
            StateIsStored = false;
            switch (Clock.AdvanceTick())
            {
                case Reservation.BeforeAcknowledging:
                    LandAll();
                    WriteMarket(Clock.Stamp);
                    break;
                case Reservation.InBackground:
                    _inFlight.Enqueue(Clock.Stamp);
                    break;
                default:
                    _dirty = true;
                    break;
            }

            return Clock.Current;
        }

        public ulong WriteFundamentals()
        {
            var stamp = Clock.Next();
            store.CompanyRecord = stamp;
            Clock.Commit(stamp);
            _dirty = false;
            StateIsStored = true;
            return Clock.Current;
        }

        public void SaveInBackground()
        {
            if (_dirty)
            {
                _inFlight.Enqueue(Clock.Stamp);
            }
        }

        public void LandOldestWrite()
        {
            if (_inFlight.TryDequeue(out var stamp))
            {
                WriteMarket(stamp);
            }
        }

        public void Stop()
        {
            LandAll();
            if (Clock.Seal() || _dirty)
            {
                WriteMarket(Clock.Stamp);
            }
        }

        private void LandAll()
        {
            while (_inFlight.Count > 0)
            {
                LandOldestWrite();
            }
        }

        private void WriteMarket(VersionStamp stamp)
        {
            store.MarketRecord = stamp;
            Clock.Stored(stamp);
            if (stamp.Version == Clock.Current)
            {
                _dirty = false;
                StateIsStored = true;
            }
        }
    }
}
