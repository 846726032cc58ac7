using EventSourcedRag.Learning.Gates;
using EventSourcedRag.Learning.Ranking;

namespace EventSourcedRag.Infrastructure.Configuration;

/// <summary>How models are trained from feedback and gated. Section "Learning".</summary>
public sealed class LearningOptions
{
    public const string Section = "Learning";

    /// <summary>The newest share of labelled lists (by log position) held out from training to evaluate on.</summary>
    public double HeldOutShare { get; set; } = 0.2;

    public LambdaMartOptions LambdaMart { get; set; } = new();

    public GateOptions Gate { get; set; } = new();

    public IEnumerable<string> Validate()
    {
        if (HeldOutShare is <= 0 or >= 1) yield return "Learning:HeldOutShare must be between 0 and 1.";
        foreach (var problem in LambdaMart.Validate().Concat(Gate.Validate())) yield return problem;
    }
}
