using EventSourcedRag.Learning.Experiments;
using EventSourcedRag.Projections.Experiments;

namespace EventSourcedRag.Infrastructure.Experiments;

/// <param name="Preview">What the evaluator would decide for the current stage now; null once the experiment has ended.</param>
public sealed record ExperimentStatus(ExperimentEntry Entry, IReadOnlyList<StageArms> Stages, RolloutDecision? Preview);
