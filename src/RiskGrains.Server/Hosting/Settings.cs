using System.Reflection;
using Microsoft.Extensions.Options;
using RiskGrains.Grains;

namespace RiskGrains.Server.Hosting;

/// <summary>
/// The <c>RiskGrains</c> section: each options type bound to it once and checked by its own rules
/// when the host starts, and every key in it known, so a mistyped or renamed setting stops the
/// server with its name instead of being ignored.
/// </summary>
internal static class Settings
{
    private static readonly Type[] OptionTypes = [typeof(RiskGrainsOptions), typeof(CompanyGrainOptions), typeof(WatchOptions)];

    private static readonly Dictionary<string, string> Renamed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MarketStateSaveSeconds"] = "MarketStateSaveInterval",
        ["WatchRefreshSeconds"] = "WatchRefreshInterval",
        ["ProbeTimeoutSeconds"] = "ProbeTimeout",
        ["ShutdownTimeoutSeconds"] = "ShutdownTimeout",
        ["ShutdownDeadlineSeconds"] = "ShutdownDeadline",
    };

    /// <summary>The host's settings as the builder needs them now (the silo's shape depends on them), checked.</summary>
    public static RiskGrainsOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(RiskGrainsOptions.Section);
        var unknown = UnknownKeys(section).ToList();
        if (unknown.Count > 0)
        {
            throw new OptionsValidationException(RiskGrainsOptions.Section, typeof(RiskGrainsOptions), unknown);
        }

        var options = section.Get<RiskGrainsOptions>() ?? new RiskGrainsOptions();
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? options : throw new OptionsValidationException(RiskGrainsOptions.Section, typeof(RiskGrainsOptions), problems);
    }

    /// <summary>Binds <typeparamref name="T"/> to the section, checked by <paramref name="problems"/> when the host starts.</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, Func<T, IEnumerable<string>> problems)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new Validator<T>(problems));
        return services.AddOptions<T>().BindConfiguration(RiskGrainsOptions.Section).ValidateOnStart();
    }

    /// <summary>The message for a duration outside its range, or null when it is within.</summary>
    public static string? OutOfRange(string key, TimeSpan value, TimeSpan min, TimeSpan max) =>
        value >= min && value <= max ? null : $"RiskGrains:{key} must be between {Format(min)} and {Format(max)} (a bare number is read as days)";

    private static string Format(TimeSpan duration)
    {
        var text = duration.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        return duration.Ticks % TimeSpan.TicksPerSecond == 0 ? text : text.TrimEnd('0');
    }

    private static IEnumerable<string> UnknownKeys(IConfigurationSection section)
    {
        var known = OptionTypes
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p.CanWrite)
            .Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (Renamed.TryGetValue(child.Key, out var now))
            {
                yield return $"RiskGrains:{child.Key} was renamed RiskGrains:{now}, a duration such as 00:00:05";
            }
            else if (!known.Contains(child.Key))
            {
                yield return $"RiskGrains:{child.Key} is not a setting; the settings are {string.Join(", ", known.Order(StringComparer.Ordinal))}";
            }
        }
    }

    private sealed class Validator<T>(Func<T, IEnumerable<string>> problems) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var found = problems(options).ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
