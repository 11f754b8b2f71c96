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
    private static readonly Type[] OptionTypes = [typeof(RiskGrainsOptions), typeof(CompanyGrainOptions), typeof(WatchOptions), typeof(HistoryOptions), typeof(PortfolioOptions), typeof(AlertOptions)];

    // Keys of earlier versions, by configuration path, with what replaced them.
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["RiskGrains:MarketStateSaveSeconds"] = "RiskGrains:MarketStateSaveInterval, a duration such as 00:00:05",
        ["RiskGrains:WatchRefreshSeconds"] = "RiskGrains:WatchRefreshInterval, a duration such as 00:00:30",
        ["RiskGrains:ProbeTimeoutSeconds"] = "RiskGrains:ProbeTimeout, a duration such as 00:00:01",
        ["RiskGrains:ShutdownTimeoutSeconds"] = "RiskGrains:ShutdownTimeout, a duration such as 00:00:15",
        ["RiskGrains:ShutdownDeadlineSeconds"] = "RiskGrains:ShutdownDeadline, a duration such as 00:00:25",
        ["RiskGrains:Limits:MaxClockSkewSeconds"] = "RiskGrains:Limits:MaxClockSkew, a duration such as 00:05:00",
        ["RiskGrains:HistoryIntervalSeconds"] = "RiskGrains:HistoryInterval, a duration such as 00:01:00",
        ["RiskGrains:MaxClockSkewSeconds"] = "RiskGrains:Limits:MaxClockSkew, a duration such as 00:05:00",
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

        RiskGrainsOptions options;
        try
        {
            options = section.Get<RiskGrainsOptions>() ?? new RiskGrainsOptions();
        }
        catch (InvalidOperationException unreadable)
        {
            // A value of the wrong type (an enum misspelt, a word for a number): the binder names it.
            throw new OptionsValidationException(RiskGrainsOptions.Section, typeof(RiskGrainsOptions), [unreadable.Message]);
        }


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

    private static IEnumerable<string> UnknownKeys(IConfigurationSection section) => UnknownKeys(section, OptionTypes);

    // Every key of the section must be a settable property of one of the types; a property of a
    // settings type of its own (RiskGrains:Auth, RiskGrains:Limits) is a section, checked the same way.
    private static IEnumerable<string> UnknownKeys(IConfigurationSection section, IReadOnlyCollection<Type> types)
    {
        var properties = types
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p.CanWrite)
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().PropertyType, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (Renamed.TryGetValue(child.Path, out var now))
            {
                yield return $"{child.Path} was renamed {now}";
            }
            else if (!properties.TryGetValue(child.Key, out var type))
            {
                yield return $"{child.Path} is not a setting; the settings there are {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}";
            }
            else if (IsSection(type))
            {
                foreach (var problem in UnknownKeys(child, [type]))
                {
                    yield return problem;
                }
            }
        }
    }

    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

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
