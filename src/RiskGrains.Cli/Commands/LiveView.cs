using System.Threading.Channels;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RiskGrains.Cli.Commands;

/// <summary>
/// Runs a live table: items from a stream are applied as they come, the table is drawn again at least every
/// second (ages move), and <c>q</c>, Esc or Ctrl+C ends it. A stream that fails ends it with its exception.
/// </summary>
public static class LiveView
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    /// <param name="stop">Ends the view after an item when it says so (<c>--count</c>).</param>
    public static async Task RunAsync<T>(
        IAnsiConsole console,
        IKeySource keys,
        TimeProvider clock,
        Func<CancellationToken, IAsyncEnumerable<T>> stream,
        Action<T, DateTimeOffset> apply,
        Func<DateTimeOffset, IRenderable> render,
        Func<bool> stop,
        CancellationToken cancellationToken)
    {
        var items = Channel.CreateUnbounded<T>();
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var item in stream(reading.Token))
                    {
                        items.Writer.TryWrite(item);
                    }

                    items.Writer.TryComplete();
                }
                catch (Exception e)
                {
                    items.Writer.TryComplete(e);
                }
            },
            CancellationToken.None);

        try
        {
            await console.Live(render(clock.GetUtcNow())).AutoClear(false).StartAsync(async context =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    while (items.Reader.TryRead(out var item))
                    {
                        apply(item, clock.GetUtcNow());
                    }

                    context.UpdateTarget(render(clock.GetUtcNow()));
                    context.Refresh();
                    if (items.Reader.Completion.IsCompleted)
                    {
                        // Surfaces the stream's failure; a stream that ended leaves the last table standing.
                        await items.Reader.Completion;
                        return;
                    }

                    if (stop() || keys.Poll() is { Key: ConsoleKey.Q or ConsoleKey.Escape })
                    {
                        return;
                    }

                    try
                    {
                        await Task.WhenAny(items.Reader.WaitToReadAsync(cancellationToken).AsTask(), Task.Delay(Tick, clock, cancellationToken));
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            });
        }
        finally
        {
            await reading.CancelAsync();
            await reader;
        }
    }
}
