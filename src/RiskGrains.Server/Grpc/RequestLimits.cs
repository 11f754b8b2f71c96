using RiskGrains.Model;
using RiskGrains.Server.Hosting;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// What the request readers check a request against besides the model's rules: the settings of
/// <c>RiskGrains:Limits</c>, and the clock that dates are plausible against. Each error it causes
/// names the field, the bound and the setting's key.
/// </summary>
internal sealed class RequestLimits(LimitsOptions options, TimeProvider clock)
{
    /// <summary>The defaults and the system clock.</summary>
    public static RequestLimits Default { get; } = new(new LimitsOptions(), TimeProvider.System);

    public LimitsOptions Options { get; } = options;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Today's date in UTC, the day dates are checked against.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    /// <summary>A ListCompanies request without a page size gets this many: 100, or the largest page when that is smaller.</summary>
    public int DefaultPageSize => Math.Min(100, Options.MaxPageSize);

    /// <summary>Adds an error when <paramref name="text"/> is longer than <paramref name="max"/> characters.</summary>
    public static void Length(string text, int max, string setting, string path, List<FieldError> errors)
    {
        if (text.Length > max)
        {
            errors.Add(new FieldError(path, $"must be at most {max} characters ({LimitsOptions.Key(setting)})"));
        }
    }

    /// <summary>Adds an error when a list holds more than <paramref name="max"/> entries; false then, so that its entries are not read.</summary>
    public static bool Count(int count, int max, string what, string setting, string path, List<FieldError> errors)
    {
        if (count <= max)
        {
            return true;
        }

        errors.Add(new FieldError(path, $"must hold at most {max} {what} ({LimitsOptions.Key(setting)})"));
        return false;
    }

    /// <summary>True when a tick stamped <paramref name="asOf"/> is no later than the clock plus <see cref="LimitsOptions.MaxClockSkew"/>.</summary>
    public bool IsPlausibleAsOf(DateTimeOffset asOf) => InputRules.IsPlausibleAsOf(asOf, Now, Options.MaxClockSkew);

    public string AsOfMessage() =>
        $"must be at most {LimitsOptions.Key(nameof(LimitsOptions.MaxClockSkew))} ({Options.MaxClockSkew:c}) after the server's clock ({Now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})";
}
