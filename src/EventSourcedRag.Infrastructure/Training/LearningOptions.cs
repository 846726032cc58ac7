using EventSourcedRag.Learning.Adapters;
using EventSourcedRag.Learning.Expansion;
using EventSourcedRag.Learning.Gates;
using EventSourcedRag.Learning.Ranking;
using EventSourcedRag.Learning.Steering;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>How models are trained from feedback and gated. Section "Learning".</summary>
public sealed class LearningOptions
{
    public const string Section = "Learning";

    /// <summary>The newest share of labelled lists (by log position) held out from training to evaluate on.</summary>
    public double HeldOutShare { get; set; } = 0.2;

    public LambdaMartOptions LambdaMart { get; set; } = new();

    public QueryAdapterOptions QueryAdapter { get; set; } = new();

    public QueryExpansionOptions QueryExpansion { get; set; } = new();

    public PersonalSteeringOptions PersonalSteering { get; set; } = new();

    public GateOptions Gate { get; set; } = new();

    /// <summary>Scheduled training in the worker: every interval, one request per listed tenant. Off when null.</summary>
    public TimeSpan? ScheduleInterval { get; set; }

    public List<string> ScheduleTenants { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        if (HeldOutShare is <= 0 or >= 1) yield return "Learning:HeldOutShare must be between 0 and 1.";
        if (ScheduleInterval is { } every && every < TimeSpan.FromMinutes(1)) yield return "Learning:ScheduleInterval must be at least one minute.";
        if (ScheduleInterval is not null && ScheduleTenants.Count == 0) yield return "Learning:ScheduleTenants must list the tenants to train when a schedule is set.";
        foreach (var problem in LambdaMart.Validate().Concat(QueryAdapter.Validate()).Concat(QueryExpansion.Validate()).Concat(PersonalSteering.Validate()).Concat(Gate.Validate())) yield return problem;
    }
}
