namespace EventSourcedRag.Domain.Models;

// The training-request stream, one per request: who asked for a model to be trained (a person or the schedule),
// when the worker took it up, how it ended. The model it produced has its own stream (ModelEvents.cs).

/// <param name="AsOfSequence">Train on the log as of this event; null: as of when the worker starts.</param>
/// <param name="Trigger">"command" (API or CLI) or "schedule".</param>
public sealed record TrainingRequested(Guid RequestId, string Kind, long? AsOfSequence, string Trigger, string Reason, DateTimeOffset At);

public sealed record TrainingStarted(Guid RequestId, string Worker, DateTimeOffset At);

/// <param name="Validated">Whether the gate passed the model; only then can it be deployed.</param>
public sealed record TrainingCompleted(Guid RequestId, string ModelVersion, bool Validated, double TrainingSeconds, DateTimeOffset At);

public sealed record TrainingFailed(Guid RequestId, string Error, DateTimeOffset At);

/// <summary>Cancelled by a person before it finished; a running training stops and stores nothing.</summary>
public sealed record TrainingCancelled(Guid RequestId, string Reason, DateTimeOffset At);
