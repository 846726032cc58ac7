namespace EventSourcedRag.Learning.Experiments;

/// <summary>Where the rollout stands when it is evaluated.</summary>
/// <param name="StageIndex">The current stage in <see cref="RolloutPolicy.Stages"/> (never the last: a promoted experiment is over).</param>
/// <param name="StageAge">Time since the current stage began.</param>
/// <param name="ExperimentAge">Time since the experiment started.</param>
/// <param name="PromotionApproved">An admin decided to promote without significance.</param>
public sealed record RolloutSituation(int StageIndex, TimeSpan StageAge, TimeSpan ExperimentAge, bool PromotionApproved = false);
