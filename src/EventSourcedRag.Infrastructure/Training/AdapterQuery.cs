namespace EventSourcedRag.Infrastructure.Training;

/// <summary>The feedback on one response as a query adapter learns from it, and where it sits in the log.</summary>
/// <param name="Positives">Chunks the user showed were relevant, with their weights (as <see cref="LearningSetAssembler.PositiveWeight"/>).</param>
/// <param name="HardNegatives">Chunks passed over above a click or flagged as the wrong source, best shown first.</param>
/// <param name="User">The hashed user who asked.</param>
public sealed record AdapterQuery(
    Guid ResponseId, string Query, string NormalizedQuery, long Sequence, IReadOnlyDictionary<Guid, double> Positives, IReadOnlyList<Guid> HardNegatives,
    string User = "");
