namespace EventSourcedRag.Domain.Experiments;

/// <summary>End a running experiment by hand (a manual rollback of its treatment): the control serves again.</summary>
public sealed record StopExperiment(Guid ExperimentId, string Reason, DateTimeOffset Now);
