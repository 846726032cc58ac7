namespace EventSourcedRag.Infrastructure.Documents;

/// <param name="Outcome">What the submission did.</param>
public sealed record SubmissionResult(Guid DocumentId, int Version, SubmissionOutcome Outcome);
