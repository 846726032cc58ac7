namespace EventSourcedRag.Domain.Access;

/// <summary>Record the erasure of a data subject (their key is destroyed outside, before this is recorded).</summary>
/// <param name="SubjectHash">The keyed hash of the end user's id in the tenant.</param>
/// <param name="Reason">The request reference or legal basis, for the auditor.</param>
/// <param name="ModelsTrainedOnSubject">Models whose training log reached the subject's first event, one entry per training run.</param>
public sealed record EraseSubject(string SubjectHash, string Reason, IReadOnlyList<string> ModelsTrainedOnSubject, DateTimeOffset Now);
