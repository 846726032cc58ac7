using EventSourcedRag.Learning.Experiments;
using Microsoft.Extensions.Configuration;

namespace EventSourcedRag.Infrastructure.Experiments;

/// <summary>A/B experiments and staged rollout. Section "Experiments".</summary>
public sealed class ExperimentOptions
{
    public const string Section = "Experiments";

    public RolloutPolicy Rollout { get; set; } = new();

    /// <summary>How often the worker evaluates running experiments; each interval is one evaluation window.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>What assignment hashes unless a start request says otherwise: "user" or "session".</summary>
    public string AssignmentUnit { get; set; } = "user";

    /// <summary>The smallest absolute change of click-through the power estimate is for.</summary>
    public double MinDetectableEffect { get; set; } = 0.02;

    /// <summary>The click-through the power estimate assumes when the tenant has no traffic yet to measure it from.</summary>
    public double AssumedCtr { get; set; } = 0.3;

    /// <summary>
    /// Binds the section. Configured stages replace the default ones: the configuration binder would append them
    /// to the default list instead.
    /// </summary>
    public static ExperimentOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var options = section.Get<ExperimentOptions>() ?? new ExperimentOptions();
        if (section.GetSection("Rollout:Stages").Get<double[]>() is { Length: > 0 } stages)
            options.Rollout = options.Rollout with { Stages = stages };
        return options;
    }

    public IEnumerable<string> Validate()
    {
        foreach (var problem in Rollout.Validate()) yield return problem;
        if (EvaluationInterval < TimeSpan.FromSeconds(1)) yield return "Experiments:EvaluationInterval must be at least one second.";
        if (AssignmentUnit is not ("user" or "session")) yield return "Experiments:AssignmentUnit must be user or session.";
        if (MinDetectableEffect is <= 0 or >= 1) yield return "Experiments:MinDetectableEffect must be in (0, 1).";
        if (AssumedCtr is <= 0 or >= 1) yield return "Experiments:AssumedCtr must be in (0, 1).";
    }
}
