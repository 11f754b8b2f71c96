namespace RiskGrains.Grains.Tests;

/// <summary>The alert log in memory, one instance for every silo of a test cluster; atomic as the real stores are.</summary>
public sealed class MemoryAlertStore : IAlertEventStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<ulong, AlertEvent> _events = [];
    private readonly Dictionary<(string Rule, string Company), ulong> _fired = [];
    private ulong _last;

    /// <summary>Every alert stored, oldest first.</summary>
    public IReadOnlyList<AlertEvent> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _events.Values];
            }
        }
    }

    /// <summary>The alerts of one company, oldest first.</summary>
    public IReadOnlyList<AlertEvent> Of(string companyId) => [.. All.Where(a => a.CompanyId == companyId)];

    /// <summary>The rule's fired mark for the company, or null when it is armed.</summary>
    public ulong? FiredMark(string ruleId, string companyId)
    {
        lock (_lock)
        {
            return _fired.TryGetValue((ruleId, companyId), out var revision) ? revision : null;
        }
    }

    public Task<AlertEvent?> Fire(AlertEvent firing, ulong revision)
    {
        lock (_lock)
        {
            if (_fired.TryGetValue((firing.RuleId, firing.CompanyId), out var marked) && marked >= revision)
            {
                return Task.FromResult<AlertEvent?>(null);
            }

            var stored = firing with { Sequence = ++_last };
            _events[stored.Sequence] = stored;
            _fired[(firing.RuleId, firing.CompanyId)] = revision;
            return Task.FromResult<AlertEvent?>(stored);
        }
    }

    public Task Rearm(string ruleId, string companyId, ulong revision)
    {
        lock (_lock)
        {
            if (_fired.TryGetValue((ruleId, companyId), out var marked) && marked <= revision)
            {
                _fired.Remove((ruleId, companyId));
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AlertEvent>> Read(ulong afterSequence, int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AlertEvent>>([.. _events.Values.Where(a => a.Sequence > afterSequence).Take(max)]);
        }
    }

    public Task<ulong> LastSequence()
    {
        lock (_lock)
        {
            return Task.FromResult(_last);
        }
    }

    public Task<long> Trim(int maxEvents, DateTimeOffset olderThan)
    {
        lock (_lock)
        {
            var doomed = _events.Values.Where(a => a.Time < olderThan).Select(a => a.Sequence)
                .Concat(_events.Keys.Take(Math.Max(0, _events.Count - maxEvents)))
                .Distinct()
                .ToList();
            doomed.ForEach(s => _events.Remove(s));
            return Task.FromResult((long)doomed.Count);
        }
    }
}
