namespace EventSourcedRag.Domain.Queries;

/// <summary>Record a served response: the question, what retrieval showed and what the generator answered.</summary>
public sealed record AnswerQuery(
    Guid ResponseId,
    string Tenant,
    string Text,
    string NormalizedText,
    string? SessionId,
    string UserHash,
    QueryParameters Parameters,
    ServingModel Model,
    long IndexPosition,
    IReadOnlyList<ShownResult> Results,
    string Answer,
    IReadOnlyList<Citation> Citations,
    double Confidence,
    StageLatencies Latency,
    DateTimeOffset Now,
    RankingFeatureLog? Features = null,
    long? ServingPosition = null,
    IReadOnlyList<Degradation>? Degradations = null,
    long? DenseFitPosition = null,
    IReadOnlyList<ExpansionApplied>? Expansions = null,
    ExplorationPolicy? Exploration = null,
    ExploredResult? Explored = null);
