namespace RiskGrains.Grains;

/// <summary>A silo's <see cref="AlertRuleBook"/>, told each new rule set; the call completes once the book uses it.</summary>
public interface IAlertRulesObserver : IGrainObserver
{
    Task OnRulesChanged(AlertRuleSet rules);
}
