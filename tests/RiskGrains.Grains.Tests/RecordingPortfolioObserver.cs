using System.Threading.Channels;

namespace RiskGrains.Grains.Tests;

/// <summary>A watching silo's stand-in: keeps every portfolio snapshot and removal it is sent.</summary>
internal sealed class RecordingPortfolioObserver : IPortfolioObserver
{
    private readonly Channel<PortfolioSnapshot> _changes = Channel.CreateUnbounded<PortfolioSnapshot>();
    private readonly Channel<string> _removals = Channel.CreateUnbounded<string>();

    public Task OnPortfolioChanged(PortfolioSnapshot snapshot)
    {
        _changes.Writer.TryWrite(snapshot);
        return Task.CompletedTask;
    }

    public Task OnPortfolioRemoved(string portfolioId)
    {
        _removals.Writer.TryWrite(portfolioId);
        return Task.CompletedTask;
    }

    public async Task<PortfolioSnapshot> Next(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await _changes.Reader.ReadAsync(cancel.Token);
    }

    public async Task<string> NextRemoval(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await _removals.Reader.ReadAsync(cancel.Token);
    }
}
