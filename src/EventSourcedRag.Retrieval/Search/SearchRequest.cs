using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Ranking;

namespace EventSourcedRag.Retrieval.Search;

/// <param name="CandidateDepth">How many candidates each retriever contributes to fusion.</param>
/// <param name="Reranker">The rerank stage's model; required for <see cref="RetrieverMode.Full"/>, ignored otherwise.</param>
/// <param name="RerankDepth">How many fused candidates the reranker reorders.</param>
/// <param name="Priors">Feedback known for a chunk when this query is served (by the host's feedback projection); none when null.</param>
/// <param name="QueryAdapter">Applied to the query embedding before the dense search, when it was trained for the serving encoder.</param>
/// <param name="WithFeatures">Attach <see cref="RankingFeatures"/> rows to the hits even without a rerank stage.</param>
/// <param name="Expander">Adds learned documents' words to the query before the first stage (lexical and dense).</param>
/// <param name="Remembered">Chunks earlier askers of the same question chose (seen-query memory): they join the candidates,
/// adding <paramref name="MemoryWeight"/> × their score to the fused score (RRF: weight / (k + rank)).</param>
/// <param name="Steering">The asking user's personal steering, applied to the query embedding before the adapter when learned for the serving encoder.</param>
/// <param name="DenseWeight">The dense list's fusion weight for this search instead of the collection's (for tuning on a training split).</param>
public sealed record SearchRequest(
    string Text,
    int TopK,
    FusionMethod Fusion,
    SearchFilter Filter,
    int CandidateDepth = 100,
    RetrieverMode Mode = RetrieverMode.Hybrid,
    IReranker? Reranker = null,
    int RerankDepth = 50,
    bool WithFeatures = false,
    Func<Guid, FeedbackPrior>? Priors = null,
    IQueryAdapter? QueryAdapter = null,
    double? DenseWeight = null,
    IQueryExpander? Expander = null,
    IReadOnlyList<RememberedChunk>? Remembered = null,
    double MemoryWeight = 1.0,
    IQuerySteering? Steering = null);
