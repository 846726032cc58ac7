namespace EventSourcedRag.Domain.Models;

/// <summary>Decides the life of a training request. Pure: no I/O, no clock.</summary>
public static class TrainingDecider
{
    public static TrainingStatus Evolve(TrainingStatus status, object @event) => @event switch
    {
        TrainingRequested => TrainingStatus.Requested,
        TrainingStarted => TrainingStatus.Running,
        TrainingCompleted => TrainingStatus.Completed,
        TrainingFailed => TrainingStatus.Failed,
        TrainingCancelled => TrainingStatus.Cancelled,
        _ => status,
    };

    public static object[] Decide(object command, TrainingStatus status) => (command, status) switch
    {
        (RequestTraining c, _) when !ModelKinds.IsKnown(c.Kind) =>
            throw new DomainRuleViolated("unknown_model_kind", $"There is no model kind '{c.Kind}'; the kinds are {string.Join(", ", ModelKinds.All)}."),
        (RequestTraining c, TrainingStatus.None) => [new TrainingRequested(c.RequestId, c.Kind, c.AsOfSequence, c.Trigger, c.Reason, c.Now)],
        (RequestTraining, _) => [], // the same request again (a retry, or a second scheduler): already recorded
        (StartTraining c, TrainingStatus.Requested) => [new TrainingStarted(c.RequestId, c.Worker, c.Now)],
        (StartTraining c, TrainingStatus.None) => throw new StreamNotFound("Training request", c.RequestId),
        (StartTraining, _) => [], // cancelled, or taken up already (a redelivered message): nothing to do
        (CompleteTraining c, TrainingStatus.Running) => [new TrainingCompleted(c.RequestId, c.ModelVersion, c.Validated, c.TrainingSeconds, c.Now)],
        (FailTraining c, TrainingStatus.Running or TrainingStatus.Requested) => [new TrainingFailed(c.RequestId, c.Error, c.Now)],
        (CompleteTraining or FailTraining, _) => [], // cancelled meanwhile: the outcome is not recorded as the request's
        (CancelTraining c, TrainingStatus.Requested or TrainingStatus.Running) => [new TrainingCancelled(c.RequestId, c.Reason, c.Now)],
        (CancelTraining c, TrainingStatus.None) => throw new StreamNotFound("Training request", c.RequestId),
        (CancelTraining, TrainingStatus.Cancelled) => [],
        (CancelTraining c, _) => throw new DomainRuleViolated("training_finished", $"Training {c.RequestId} has already finished ({status.ToString().ToLowerInvariant()})."),
        _ => throw new ArgumentException($"Unknown command {command.GetType().Name}", nameof(command)),
    };
}
