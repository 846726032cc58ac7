namespace EventSourcedRag.Domain.Queries;

// The query stream, one per response id: what was asked, what was shown, what was answered.
// Feedback on the response is appended to the same stream (see Feedback/FeedbackEvents.cs).

/// <summary>A question arrived. <see cref="UserHash"/> is a keyed hash; raw user ids are never stored.</summary>
public sealed record QueryReceived(
    Guid ResponseId,
    string Tenant,
    string Text,
    string NormalizedText,
    string? SessionId,
    string UserHash,
    QueryParameters Parameters,
    ServingModel Model,
    DateTimeOffset At);

/// <param name="Retriever">bm25, dense, hybrid or full (hybrid + rerank); absent in the earliest events, which were hybrid.</param>
/// <param name="RequestedRetriever">The retriever the client named; null when the server chose (its setting, or full once a
/// reranker is deployed), so a replay at another point in time chooses again as the server would have.</param>
public sealed record QueryParameters(int TopK, string Fusion, QueryFilters Filters, string Retriever = "hybrid", string? RequestedRetriever = null);

/// <summary>Metadata filters applied inside retrieval. Empty lists and nulls mean "no filter".</summary>
public sealed record QueryFilters(
    IReadOnlyList<Guid> DocumentIds,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Tags,
    DateTimeOffset? SubmittedFrom,
    DateTimeOffset? SubmittedTo)
{
    public static readonly QueryFilters None = new([], [], [], null, null);
}

/// <summary>Which models served the query, and the experiment arm when one applied.</summary>
/// <param name="Variant">"control" or "treatment" within <paramref name="ExperimentId"/>.</param>
/// <param name="QueryAdapter">The query adapter the dense search used (null: queries searched as the encoder embeds them).</param>
/// <param name="ExperimentStage">The rollout stage the assignment was made at (its index in the experiment's stages).</param>
/// <param name="ExperimentUnit">What was assigned: the user hash or the session id, as the experiment assigns by.</param>
/// <param name="PersonalSteering">The personal-steering model that steered this user's query embedding; null when none
/// did (none deployed, a user it learned nothing about, or an anonymous question).</param>
public sealed record ServingModel(
    string Retriever, string EmbeddingModel, string? Reranker, string Generator, string? ExperimentId, string? Variant,
    string? QueryAdapter = null, int? ExperimentStage = null, string? ExperimentUnit = null, string? QueryExpansion = null,
    string? PersonalSteering = null);

/// <summary>
/// A question was received but could not be answered (retrieval or generation failed): the only event of its
/// stream. It records which models and which experiment arm would have served, so error rates are per arm.
/// </summary>
public sealed record QueryFailed(Guid ResponseId, string Tenant, string UserHash, string? SessionId, ServingModel Model, string Error, DateTimeOffset At);

/// <summary>The impressions: every candidate shown, in order, with each stage's scores.</summary>
/// <param name="IndexPosition">The last event the search index had applied when it answered.</param>
/// <param name="ServingPosition">The last event the serving state (deployed models, experiments, feedback priors) had
/// applied; with <paramref name="IndexPosition"/> it is what a replay rebuilds to recompute the response. Absent in older events.</param>
/// <param name="DenseFitPosition">The fit point of the LSA encoder dense search used; a replay fits it there. Absent when no
/// LSA encoder served (too few chunks, a fixed embedding model) and in events older than fit points.</param>
/// <param name="Expansions">The words the serving query-expansion model (<see cref="ServingModel.QueryExpansion"/>) added to the
/// question before retrieval, so an auditor sees why a document that shares no word with the question was found.</param>
public sealed record ResultsShown(Guid ResponseId, long IndexPosition, IReadOnlyList<ShownResult> Results, DateTimeOffset At, long? ServingPosition = null,
    long? DenseFitPosition = null, IReadOnlyList<ExpansionApplied>? Expansions = null, ExplorationPolicy? Exploration = null, ExploredResult? Explored = null);

/// <summary>
/// The exploration policy a response was served under (null: none). Each response, by a hash of its id, explores
/// with probability <paramref name="Share"/>: one of the next <paramref name="Pool"/> candidates below the shown ones
/// takes a position from <paramref name="FromPosition"/> down, the results below it moving down one. A replay applies
/// the recorded policy, so it reproduces the response whatever the settings are now.
/// </summary>
/// <param name="Uncertain">The share is the higher one for a question whose earlier askers were shown lists and chose
/// nothing from them: where the shown ten are failing, what lies below them is what the learners need to see.</param>
public sealed record ExplorationPolicy(double Share, int Pool, int FromPosition, bool Uncertain = false);

/// <summary>
/// The result exploration showed: where, which chunk, its rank before exploration, and the probability the policy
/// had of showing it there (share × 1 / candidates in the pool × 1 / positions open), for unbiased estimates.
/// </summary>
public sealed record ExploredResult(int Position, Guid ChunkId, int FromRank, double Propensity);

/// <summary>A word a query-expansion model added to a question: from which of its (analysed) words, and with what weight.</summary>
public sealed record ExpansionApplied(string From, string Term, double Weight);

/// <summary>One shown candidate. Positions start at 1; a null stage score means that retriever did not return it.</summary>
public sealed record ShownResult(int Position, Guid ChunkId, Guid DocumentId, int DocumentVersion, StageScores Scores);

public sealed record StageScores(double? Bm25, int? Bm25Rank, double? Dense, int? DenseRank, double Fused, double? Rerank, double? Remembered = null);

/// <summary>
/// The feature rows the shown candidates were ranked with, exactly as the serving code computed them (including
/// feedback priors as they were at that moment), so a model is trained on what the server saw and a training set
/// rebuilt as of any point sees the same numbers. Stored beside <see cref="ResultsShown"/>, in its order.
/// </summary>
/// <param name="FeatureNames">The names of the columns, in order (the serving code's feature set at the time).</param>
public sealed record RankingFeaturesLogged(Guid ResponseId, IReadOnlyList<string> FeatureNames, IReadOnlyList<LoggedFeatures> Rows, DateTimeOffset At);

/// <summary>One shown candidate's feature row.</summary>
public sealed record LoggedFeatures(int Position, Guid ChunkId, IReadOnlyList<float> Values);

/// <summary>
/// The query was served with a stage left out, so an auditor sees what the user got and why: the reranker failed
/// (the fused order was shown), the generator failed (sources were shown without an answer: the
/// <see cref="AnswerGenerated"/> that follows is empty), or the search index was behind the log.
/// </summary>
public sealed record QueryDegraded(Guid ResponseId, IReadOnlyList<Degradation> Degradations, DateTimeOffset At);

/// <param name="Stage">rerank, generate or index (see <see cref="DegradedStage"/>).</param>
/// <param name="Component">What failed or lagged: the reranker or generator version, or the index.</param>
/// <param name="Reason">Why, in a sentence (the error, or how far behind the index was).</param>
public sealed record Degradation(string Stage, string Component, string Reason);

public static class DegradedStage
{
    public const string Rerank = "rerank";
    public const string Generate = "generate";
    public const string Index = "index";
    public const string Dense = "dense";
}

/// <summary>The answer as served, with numbered citations pointing at shown positions.</summary>
public sealed record AnswerGenerated(
    Guid ResponseId,
    string Answer,
    IReadOnlyList<Citation> Citations,
    double Confidence,
    string Generator,
    StageLatencies Latency,
    DateTimeOffset At);

public sealed record Citation(int Number, Guid ChunkId, int Position);

public sealed record StageLatencies(double RetrieveMs, double FuseMs, double RerankMs, double GenerateMs, double TotalMs);
