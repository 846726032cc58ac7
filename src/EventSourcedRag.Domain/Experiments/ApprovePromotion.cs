namespace EventSourcedRag.Domain.Experiments;

public sealed record ApprovePromotion(Guid ExperimentId, string Reason, DateTimeOffset Now);
