using System.Diagnostics;
using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Configuration;
using EventSourcedRag.Infrastructure.EventStore;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Retrieval.Analysis;
using EventSourcedRag.Retrieval.Answering;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Ranking;
using EventSourcedRag.Retrieval.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>
/// Answers a question: hybrid retrieval over this host's index, an answer with citations, and the whole response
/// stored as the first events of a new query stream before anything is returned.
/// </summary>
public sealed class QueryService(
    SearchIndexes indexes,
    IAnswerGenerator generator,
    IReranker reranker,
    FeedbackPriors priors,
    ServingModels serving,
    EventSessions sessions,
    PersonalData personal,
    UserHasher userHasher,
    IOptions<RetrievalOptions> options,
    TimeProvider clock,
    ILogger<QueryService> logger)
{
    public const int MaxQueryLength = 2000;
    public const int MaxTopK = 200;
    private const int SnippetLength = 240;
    private readonly SynonymExpander _synonyms = new(options.Value.Synonyms);

    /// <summary>The ranked results this host would serve for the request now, without storing anything (evaluation, previews).</summary>
    /// <param name="reranker">A reranker to rank with instead of the deployed one (a candidate the gate is judging).</param>
    /// <param name="adapter">A query adapter to search with instead of the deployed one (likewise).</param>
    public SearchResult Rank(QueryRequest request, string tenant, IReranker? reranker = null, IQueryAdapter? adapter = null) =>
        Plan(request, tenant, reranker, adapter).Search;

    /// <summary>Exact vectors of queries (embedded as serving embeds them, before any adapter) and chunks, from the tenant's encoder as it is now.</summary>
    public DenseVectors? Embed(string tenant, IReadOnlyList<string> queries, IEnumerable<Guid> chunks) =>
        indexes.For(tenant).Embed(queries.Select(q => _synonyms.Expand(q.Trim())).ToList(), chunks);

    /// <summary>
    /// Answers and stores the response before returning it. A query that fails after it was received (not a bad
    /// request) is stored as <see cref="QueryFailed"/> with the arm that would have served it, then rethrown.
    /// </summary>
    public async Task<QueryResponse> AskAsync(QueryRequest request, EventMetadata metadata, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        var userHash = userHasher.Hash(request.UserId);
        var arm = Assign(metadata.Tenant, request, string.IsNullOrWhiteSpace(request.UserId) ? null : userHash);
        var responseId = Guid.CreateVersion7();
        try
        {
            return await AnswerAsync(request, metadata, responseId, userHash, arm, total, ct);
        }
        catch (Exception ex) when (ex is not (InvalidQuery or OperationCanceledException or Domain.DomainRuleViolated))
        {
            await RecordFailureAsync(request, metadata, responseId, userHash, arm, ex);
            throw;
        }
    }

    private async Task<QueryResponse> AnswerAsync(QueryRequest request, EventMetadata metadata, Guid responseId, string userHash, Arm arm, Stopwatch total, CancellationToken ct)
    {
        var (text, normalized, topK, mode, fusion, filters, search) = Plan(request, metadata.Tenant, arm.Reranker, arm.Adapter);
        var generateClock = Stopwatch.StartNew();
        var sources = search.Hits.Select(h => new AnswerSource(h.Position, h.Chunk.ChunkId, h.Chunk.Title, h.Chunk.Text)).ToList();
        var answer = await generator.GenerateAsync(text, sources, search.Strength, ct);
        var generateMs = generateClock.Elapsed.TotalMilliseconds;

        var model = new ServingModel(RetrieverNames[mode], search.EmbeddingModel, search.Reranker, generator.Name, arm.ExperimentId, arm.Variant,
            search.QueryAdapter, arm.Stage, arm.Unit);
        var indexPosition = Math.Max(search.IndexPosition, indexes.Position);
        var latency = new StageLatencies(Round(search.RetrieveMs), Round(search.FuseMs), Round(search.RerankMs), Round(generateMs), Round(total.Elapsed.TotalMilliseconds));
        var command = new AnswerQuery(responseId, metadata.Tenant, text, normalized, request.SessionId, userHash,
            new QueryParameters(topK, fusion.ToString().ToLowerInvariant(), filters, mode.ToString().ToLowerInvariant()), model, indexPosition,
            search.Hits.Select(h => new ShownResult(h.Position, h.Chunk.ChunkId, h.Chunk.DocumentId, h.Chunk.DocumentVersion,
                new StageScores(h.Bm25, h.Bm25Rank, h.Dense, h.DenseRank, h.Fused, h.Rerank))).ToList(),
            answer.Text, answer.Citations.Select(c => new Citation(c.Number, c.ChunkId, c.Position)).ToList(), answer.Confidence, latency, clock.GetUtcNow(),
            new RankingFeatureLog(RankingFeatures.Names,
                search.Hits.Where(h => h.Features is not null).Select(h => new LoggedFeatures(h.Position, h.Chunk.ChunkId, h.Features!)).ToList()));

        await using (var session = sessions.OpenWrite(metadata with { Actor = userHash }))
        {
            session.Events.StartStream(responseId, await personal.SealAsync(metadata.Tenant, userHash, QueryDecider.Decide(command, null), ct));
            await session.SaveChangesAsync(ct);
        }

        return new QueryResponse(responseId, answer.Text,
            search.Hits.Select(h => new SourceView(h.Chunk.ChunkId, h.Chunk.DocumentId, h.Chunk.Title, Snippet(h.Chunk.Text), Math.Round(h.Rerank ?? h.Fused, 6), h.Position)).ToList(),
            answer.Confidence, new ModelInfo(model.Retriever, model.EmbeddingModel, model.Reranker, model.Generator, indexPosition, model.QueryAdapter),
            latency.TotalMs, latency);
    }

    // Best effort: when the store itself is what failed, the failure cannot be recorded either, and the caller
    // gets the original error.
    private async Task RecordFailureAsync(QueryRequest request, EventMetadata metadata, Guid responseId, string userHash, Arm arm, Exception error)
    {
        try
        {
            var model = new ServingModel(request.Retriever ?? "auto", "unknown", arm.Reranker?.Version ?? serving.DeployedReranker(metadata.Tenant),
                generator.Name, arm.ExperimentId, arm.Variant, arm.Adapter?.Version, arm.Stage, arm.Unit);
            await using var session = sessions.OpenWrite(metadata with { Actor = userHash });
            session.Events.StartStream(responseId, new QueryFailed(responseId, metadata.Tenant, userHash, request.SessionId, model,
                $"{error.GetType().Name}: {error.Message}", clock.GetUtcNow()));
            await session.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception recording)
        {
            logger.LogError(recording, "Query {ResponseId} failed ({Error}) and the failure could not be recorded", responseId, error.Message);
        }
    }

    /// <summary>The arm of the tenant's running experiment a query is served by, and the models that arm brings.</summary>
    private sealed record Arm(IReranker? Reranker, IQueryAdapter? Adapter, string? ExperimentId, string? Variant, int? Stage, string? Unit)
    {
        public static readonly Arm None = new(null, null, null, null, null, null);
    }

    // Queries that name a retriever, and queries without the unit the experiment assigns by (an anonymous user,
    // no session), stay out of the experiment: they could not be served consistently by one arm.
    private Arm Assign(string tenant, QueryRequest request, string? userHash)
    {
        if (request.Retriever is not null || serving.ExperimentFor(tenant) is not { } experiment) return Arm.None;
        var (route, treatment) = experiment;
        var unit = route.Unit == "session" ? request.SessionId : userHash;
        if (string.IsNullOrWhiteSpace(unit)) return Arm.None;
        var variant = Assignment.VariantOf(route.Salt, unit, route.TreatmentShare);
        var treated = variant == Assignment.Treatment;
        return new Arm(treated ? treatment as IReranker : null, treated ? treatment as IQueryAdapter : null,
            route.ExperimentId.ToString("N"), variant, route.Stage, unit);
    }

    private sealed record Planned(string Text, string Normalized, int TopK, RetrieverMode Mode, FusionMethod Fusion, QueryFilters Filters, SearchResult Search);

    // A deployed reranker serves every query that does not ask for a retriever by name; the untrained default
    // reranks only when "full" is asked for (or configured). Priors are this host's feedback as of now.
    private Planned Plan(QueryRequest request, string tenant, IReranker? candidateReranker = null, IQueryAdapter? candidateAdapter = null)
    {
        var text = request.Text?.Trim() ?? "";
        if (text.Length == 0) throw new InvalidQuery("The question is empty.");
        if (text.Length > MaxQueryLength) throw new InvalidQuery($"The question is longer than {MaxQueryLength} characters.");
        var topK = request.TopK ?? options.Value.TopK;
        if (topK is < 1 or > MaxTopK) throw new InvalidQuery($"top_k must be between 1 and {MaxTopK}.");
        var learned = candidateReranker ?? serving.RerankerFor(tenant);
        var mode = request.Retriever is not null
            ? RetrievalOptions.ParseRetriever(request.Retriever) ?? throw new InvalidQuery("retriever must be bm25, dense, hybrid or full.")
            : learned is not null ? RetrieverMode.Full : options.Value.RetrieverMode;
        var fusion = request.Fusion is null ? options.Value.FusionMethod
            : RetrievalOptions.ParseFusion(request.Fusion) ?? throw new InvalidQuery("fusion must be rrf or weighted.");
        var filters = request.Filters;
        if (filters.SubmittedFrom > filters.SubmittedTo) throw new InvalidQuery("The date filter's 'from' is after its 'to'.");
        var normalized = QueryNormalizer.Normalize(text);
        var search = indexes.For(tenant).Search(new SearchRequest(_synonyms.Expand(text), topK, fusion, ToFilter(filters),
            Math.Max(options.Value.CandidateDepth, topK), mode, learned ?? reranker,
            learned is null ? options.Value.RerankDepth : options.Value.LearnedRerankDepth, WithFeatures: true,
            Priors: priors.For(tenant, normalized), QueryAdapter: candidateAdapter ?? serving.AdapterFor(tenant)));
        return new Planned(text, normalized, topK, mode, fusion, filters, search);
    }

    private static readonly Dictionary<RetrieverMode, string> RetrieverNames = new()
    {
        [RetrieverMode.Bm25] = "bm25-v1",
        [RetrieverMode.Dense] = "dense-lsa-v1",
        [RetrieverMode.Hybrid] = "hybrid-bm25-lsa-v1",
        [RetrieverMode.Full] = "hybrid-bm25-lsa-rerank-v1",
    };

    private static SearchFilter ToFilter(QueryFilters f) =>
        new(f.DocumentIds.ToHashSet(), f.Sources.ToHashSet(StringComparer.Ordinal), f.Tags.ToHashSet(StringComparer.Ordinal), f.SubmittedFrom, f.SubmittedTo);

    private static string Snippet(string text)
    {
        if (text.Length <= SnippetLength) return text;
        var cut = text.LastIndexOf(' ', SnippetLength - 1);
        return text[..(cut > 0 ? cut : SnippetLength)] + " …";
    }

    private static double Round(double ms) => Math.Round(ms, 3);
}
