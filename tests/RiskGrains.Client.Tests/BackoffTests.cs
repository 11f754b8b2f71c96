namespace RiskGrains.Client.Tests;

/// <summary>The waits between attempts: exponential, capped, and shortened by jitter within its share.</summary>
public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(5, 3200)]
    [InlineData(6, 5000)]
    [InlineData(40, 5000)]
    public void Without_jitter_the_wait_doubles_from_the_initial_delay_up_to_the_cap(int failures, double milliseconds)
    {
        var backoff = new BackoffOptions();

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), backoff.Delay(failures, random: 0));
    }

    [Theory]
    [InlineData(0.0, 800)]
    [InlineData(0.5, 600)]
    [InlineData(1.0, 400)]
    public void Jitter_takes_off_at_most_its_share_of_the_wait(double random, double milliseconds)
    {
        var backoff = new BackoffOptions { Jitter = 0.5 };

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), backoff.Delay(3, random));
    }

    [Fact]
    public void Every_wait_stays_between_its_jittered_floor_and_the_cap()
    {
        var backoff = new BackoffOptions { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2), Multiplier = 3, Jitter = 0.3 };
        var random = new Random(7);

        for (var failures = 1; failures < 30; failures++)
        {
            var full = Math.Min(100 * Math.Pow(3, failures - 1), 2000);
            var delay = backoff.Delay(failures, random.NextDouble()).TotalMilliseconds;
            Assert.InRange(delay, full * 0.7, full);
        }
    }
}
