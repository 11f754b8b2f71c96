using System.Collections.Frozen;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RiskGrains.Grains;

/// <summary>
/// This silo's copy of the alert rules, indexed by the companies they cover: a company finds its rules with one
/// dictionary lookup, and one that no rule covers pays nothing more. Portfolio scopes are resolved to the
/// portfolio's members when the book is built. The rules grain pushes each new set; the book also
/// re-subscribes and rebuilds every <see cref="AlertOptions.AlertRefreshInterval"/>, which picks up portfolio members
/// added or removed since, and a push this silo missed.
/// </summary>
public sealed class AlertRuleBook : IAlertRulesObserver, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly ILogger<AlertRuleBook> _logger;
    private readonly TimeSpan _refreshInterval;
    private readonly SemaphoreSlim _building = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private volatile Index _index = Index.Empty;
    private IAlertRulesObserver? _self;
    private int _disposed;

    public AlertRuleBook(IGrainFactory grains, IOptions<AlertOptions> options, ILogger<AlertRuleBook> logger)
    {
        _grains = grains;
        _logger = logger;
        _refreshInterval = options.Value.AlertRefreshInterval;
    }

    /// <summary>The version of the rule set in use.</summary>
    public ulong Version => _index.Version;

    /// <summary>The rules that cover <paramref name="companyId"/>; empty (without hashing the id) when there are no rules.</summary>
    public ImmutableArray<AlertRule> For(string companyId)
    {
        var index = _index;
        if (index.IsEmpty)
        {
            return [];
        }

        return index.ByCompany.TryGetValue(companyId, out var rules) ? rules : index.Everyone;
    }

    public Task OnRulesChanged(AlertRuleSet rules) => Build(rules);

    /// <summary>Reads the rule set and the portfolios' members again, and subscribes this silo again.</summary>
    public async Task Refresh() => await Build(await Rules.Subscribe(Self));

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(AlertRuleBook), ServiceLifecycleStage.Active, Start, Stop);

    // Disposed once as the book and once as the silo's lifecycle participant: the second time does nothing.
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }

    private IAlertRulesGrain Rules => _grains.GetGrain<IAlertRulesGrain>(0);

    private IAlertRulesObserver Self => _self ??= _grains.CreateObjectReference<IAlertRulesObserver>(this);

    private async Task Start(CancellationToken cancellationToken)
    {
        try
        {
            await Refresh();
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Reading the alert rules at start failed; trying again every {Interval}", _refreshInterval);
        }

        _ = Task.Run(RefreshEveryInterval, CancellationToken.None);
    }

    private Task Stop(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _stopping.Cancel();
        }

        return Task.CompletedTask;
    }

    private async Task RefreshEveryInterval()
    {
        using var timer = new PeriodicTimer(_refreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await Refresh();
                }
                catch (Exception ex) when (!_stopping.IsCancellationRequested)
                {
                    _logger.LogWarning(ex, "Refreshing the alert rules failed; trying again in {Interval}", _refreshInterval);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The silo stops.
        }
    }

    private async Task Build(AlertRuleSet rules)
    {
        await _building.WaitAsync();
        try
        {
            // A push and a refresh may cross: an older set never replaces a newer one.
            if (rules.Version < _index.Version)
            {
                return;
            }

            var members = new Dictionary<string, ImmutableArray<string>>(StringComparer.Ordinal);
            foreach (var portfolioId in rules.Rules.Where(r => r.PortfolioId.Length > 0).Select(r => r.PortfolioId).Distinct())
            {
                var basis = await _grains.GetGrain<IPortfolioGrain>(portfolioId).GetScenarioBasis();
                members[portfolioId] = basis is null ? [] : [.. basis.Portfolio.Positions.Select(p => p.CompanyId)];
            }

            _index = Index.Of(rules, members);
        }
        finally
        {
            _building.Release();
        }
    }

    private sealed record Index(ulong Version, bool IsEmpty, FrozenDictionary<string, ImmutableArray<AlertRule>> ByCompany, ImmutableArray<AlertRule> Everyone)
    {
        public static readonly Index Empty = new(0, true, FrozenDictionary<string, ImmutableArray<AlertRule>>.Empty, []);

        public static Index Of(AlertRuleSet set, IReadOnlyDictionary<string, ImmutableArray<string>> members)
        {
            var everyone = set.Rules.Where(r => r.AllCompanies).ToImmutableArray();
            var byCompany = new Dictionary<string, ImmutableArray<AlertRule>.Builder>(StringComparer.Ordinal);
            foreach (var rule in set.Rules.Where(r => !r.AllCompanies))
            {
                var covered = rule.PortfolioId.Length > 0 ? members.GetValueOrDefault(rule.PortfolioId, []) : rule.CompanyIds;
                foreach (var companyId in covered)
                {
                    if (!byCompany.TryGetValue(companyId, out var rules))
                    {
                        byCompany[companyId] = rules = ImmutableArray.CreateBuilder<AlertRule>();
                        rules.AddRange(everyone);
                    }

                    if (!rules.Contains(rule))
                    {
                        rules.Add(rule);
                    }
                }
            }

            return new Index(
                set.Version,
                set.Rules.IsEmpty,
                byCompany.ToFrozenDictionary(p => p.Key, p => p.Value.ToImmutable(), StringComparer.Ordinal),
                everyone);
        }
    }
}
