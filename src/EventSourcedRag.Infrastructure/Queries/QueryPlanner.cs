using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Retrieval.Analysis;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Ranking;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>
/// Turns a request into ranked results over one serving state: an index, the deployed models and running
/// experiments, and the feedback priors. The live planner works over this host's state as the feeders keep it;
/// an auditor's replay builds the same three from the log as of a past point and plans with them, so a past
/// answer is recomputed by the very code that served it.
/// </summary>
public sealed class QueryPlanner(SearchIndexes indexes, ServingModels serving, FeedbackPriors priors, IReranker defaultReranker, RetrievalOptions options)
{
    public const int MaxQueryLength = 2000;
    public const int MaxTopK = 200;

    private readonly SynonymExpander _synonyms = new(options.Synonyms);

    public static readonly IReadOnlyDictionary<RetrieverMode, string> RetrieverNames = new Dictionary<RetrieverMode, string>
    {
        [RetrieverMode.Bm25] = "bm25-v1",
        [RetrieverMode.Dense] = "dense-lsa-v1",
        [RetrieverMode.Hybrid] = "hybrid-bm25-lsa-v1",
        [RetrieverMode.Full] = "hybrid-bm25-lsa-rerank-v1",
    };

    public SearchIndexes Indexes => indexes;

    public ServingModels Serving => serving;

    /// <summary>Exact vectors of queries (embedded as serving embeds them, before any adapter) and chunks, from the tenant's encoder as it is.</summary>
    public DenseVectors? Embed(string tenant, IReadOnlyList<string> queries, IEnumerable<Guid> chunks) =>
        indexes.For(tenant).Embed(queries.Select(q => _synonyms.Expand(q.Trim())).ToList(), chunks);

    // Queries that name a retriever, and queries without the unit the experiment assigns by (an anonymous user,
    // no session), stay out of the experiment: they could not be served consistently by one arm.
    public Arm Assign(string tenant, string? retriever, string? sessionId, string? userHash)
    {
        if (retriever is not null || serving.ExperimentFor(tenant) is not { } experiment) return Arm.None;
        var (route, treatment) = experiment;
        var unit = route.Unit == "session" ? sessionId : userHash;
        if (string.IsNullOrWhiteSpace(unit)) return Arm.None;
        var variant = Assignment.VariantOf(route.Salt, unit, route.TreatmentShare);
        var treated = variant == Assignment.Treatment;
        return new Arm(treated ? treatment as IReranker : null, treated ? treatment as IQueryAdapter : null,
            route.ExperimentId.ToString("N"), variant, route.Stage, unit, treated ? treatment as IQueryExpander : null, treated ? treatment as PersonalSteering : null);
    }

    /// <summary>
    /// How a response to be served now would explore: the configured policy, at the uncertain share when earlier askers
    /// of the question chose nothing from what they were shown, or none for a client that named its retriever.
    /// </summary>
    public Exploring? ExploringFor(QueryRequest request, string tenant, Guid responseId) =>
        request.Retriever is null && Exploration.PolicyFor(options.Exploration, request.TopK ?? options.TopK,
            priors.AnswersTo(tenant, QueryNormalizer.Normalize(request.Text?.Trim() ?? ""))) is { } policy ? new Exploring(responseId, policy) : null;

    // A deployed reranker serves every query that does not ask for a retriever by name; the untrained default
    // reranks only when "full" is asked for (or configured). A response that explores asks for the pool below the
    // cut as well: the first top_k are the same either way (the rerank depth does not depend on how many are asked for).
    // <paramref name="user"/> is the asking user's hash (null: anonymous), which personal steering is for.
    public PlannedQuery Plan(QueryRequest request, string tenant, CandidateModels? candidates = null, bool withPriors = true, Exploring? exploring = null,
        string? user = null)
    {
        var (candidateReranker, candidateAdapter, candidateExpander, candidateSteering) = candidates ?? CandidateModels.Deployed;
        var text = request.Text?.Trim() ?? "";
        if (text.Length == 0) throw new InvalidQuery("The question is empty.");
        if (text.Length > MaxQueryLength) throw new InvalidQuery($"The question is longer than {MaxQueryLength} characters.");
        var topK = request.TopK ?? options.TopK;
        if (topK is < 1 or > MaxTopK) throw new InvalidQuery($"top_k must be between 1 and {MaxTopK}.");
        var learned = candidateReranker ?? serving.RerankerFor(tenant);
        var requested = request.Retriever is null ? (RetrieverMode?)null
            : RetrievalOptions.ParseRetriever(request.Retriever) ?? throw new InvalidQuery("retriever must be bm25, dense, hybrid or full.");
        var mode = requested ?? (learned is not null ? RetrieverMode.Full : options.RetrieverMode);
        var fusion = request.Fusion is null ? options.FusionMethod
            : RetrievalOptions.ParseFusion(request.Fusion) ?? throw new InvalidQuery("fusion must be rrf or weighted.");
        var filters = request.Filters;
        if (filters.SubmittedFrom > filters.SubmittedTo) throw new InvalidQuery("The date filter's 'from' is after its 'to'.");
        var normalized = QueryNormalizer.Normalize(text);
        var search = indexes.For(tenant).Search(new SearchRequest(_synonyms.Expand(text), topK + (exploring is not null && Exploration.Explores(exploring) ? exploring.Policy.Pool : 0), fusion, ToFilter(filters),
            Math.Max(options.CandidateDepth, topK), mode, learned ?? defaultReranker,
            learned is null ? options.RerankDepth : options.LearnedRerankDepth, WithFeatures: true,
            Priors: withPriors ? priors.For(tenant, normalized) : null, QueryAdapter: candidateAdapter ?? serving.AdapterFor(tenant),
            Expander: candidateExpander ?? serving.ExpanderFor(tenant), Remembered: withPriors ? priors.Remembered(tenant, normalized) : null,
            MemoryWeight: priors.MemoryOptions.Weight, Steering: (candidateSteering ?? serving.SteeringFor(tenant))?.For(user)));
        if (exploring is null) return new PlannedQuery(text, normalized, topK, mode, fusion, filters, search, requested);
        var (shown, explored) = Exploration.Apply(search.Hits, topK, exploring);
        return new PlannedQuery(text, normalized, topK, mode, fusion, filters, search with { Hits = shown }, requested, exploring.Policy, explored);
    }

    private static SearchFilter ToFilter(QueryFilters f) =>
        new(f.DocumentIds.ToHashSet(), f.Sources.ToHashSet(StringComparer.Ordinal), f.Tags.ToHashSet(StringComparer.Ordinal), f.SubmittedFrom, f.SubmittedTo);
}
