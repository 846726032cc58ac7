using System.Diagnostics;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Configuration;
using EventSourcedRag.Infrastructure.EventStore;
using EventSourcedRag.Infrastructure.Observability;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Retrieval.Answering;
using EventSourcedRag.Retrieval.Dense;
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
    QueryPlanner planner,
    ServingStateFeeder servingState,
    EventLogIndexFeeder indexFeed,
    IOptions<RetrievalOptions> retrieval,
    IAnswerGenerator generator,
    ServingModels serving,
    EventSessions sessions,
    PersonalData personal,
    UserHasher userHasher,
    TimeProvider clock,
    Telemetry telemetry,
    ILogger<QueryService> logger)
{
    /// <summary>The ranked results this host would serve for the request now, without storing anything (evaluation, previews).</summary>
    /// <param name="reranker">A reranker to rank with instead of the deployed one (a candidate the gate is judging).</param>
    /// <param name="adapter">A query adapter to search with instead of the deployed one (likewise).</param>
    public SearchResult Rank(QueryRequest request, string tenant, IReranker? reranker = null, IQueryAdapter? adapter = null) =>
        planner.Plan(request, tenant, reranker, adapter).Search;

    /// <summary>Exact vectors of queries (embedded as serving embeds them, before any adapter) and chunks, from the tenant's encoder as it is now.</summary>
    public DenseVectors? Embed(string tenant, IReadOnlyList<string> queries, IEnumerable<Guid> chunks) => planner.Embed(tenant, queries, chunks);

    /// <summary>
    /// Answers and stores the response before returning it. A query that fails after it was received (not a bad
    /// request) is stored as <see cref="QueryFailed"/> with the arm that would have served it, then rethrown.
    /// </summary>
    public async Task<QueryResponse> AskAsync(QueryRequest request, EventMetadata metadata, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        var userHash = userHasher.Hash(request.UserId);
        var arm = planner.Assign(metadata.Tenant, request.Retriever, request.SessionId, string.IsNullOrWhiteSpace(request.UserId) ? null : userHash);
        var responseId = Guid.CreateVersion7();
        using var span = Telemetry.Stage("query");
        span?.SetTag("esrag.query_id", responseId).SetTag("esrag.user_hash", userHash).SetTag("esrag.variant", arm.Variant);
        // Every log line written while answering names the query and the (hashed) user it was for.
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["QueryId"] = responseId, ["UserHash"] = userHash });
        try
        {
            return await AnswerAsync(request, metadata, responseId, userHash, arm, total, ct);
        }
        catch (Exception ex) when (ex is not (InvalidQuery or OperationCanceledException or Domain.DomainRuleViolated))
        {
            telemetry.Failed(arm.Variant, arm.Reranker?.Version ?? serving.DeployedReranker(metadata.Tenant));
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            await RecordFailureAsync(request, metadata, responseId, userHash, arm, ex);
            throw;
        }
    }

    private async Task<QueryResponse> AnswerAsync(QueryRequest request, EventMetadata metadata, Guid responseId, string userHash, Arm arm, Stopwatch total, CancellationToken ct)
    {
        var servingPosition = servingState.Position;
        var planned = planner.Plan(request, metadata.Tenant, arm.Reranker, arm.Adapter);
        var (text, normalized, search) = (planned.Text, planned.Normalized, planned.Search);
        var freshness = indexFeed.Freshness();
        List<Degradation> degraded = [];
        if (freshness.Stale)
            degraded.Add(new Degradation(DegradedStage.Index, "search-index", freshness.LagSeconds is { } lag
                ? $"The index was last level with the event log {lag:0.#} s ago; {freshness.BehindEvents} events seen and not applied yet."
                : $"The index has not caught up with the event log since this host started; {freshness.BehindEvents} events seen and not applied yet."));
        if (search.RerankSkipped is { } skipped) degraded.Add(new Degradation(DegradedStage.Rerank, skipped.Reranker, skipped.Reason));
        var generateClock = Stopwatch.StartNew();
        var answer = await GenerateAsync(text, planned.Sources, search.Strength, degraded, ct);
        var generateMs = generateClock.Elapsed.TotalMilliseconds;
        var model = planned.ModelWith(arm, generator.Name);
        var indexPosition = Math.Max(search.IndexPosition, planner.Indexes.Position);
        var latency = new StageLatencies(Round(search.RetrieveMs), Round(search.FuseMs), Round(search.RerankMs), Round(generateMs), Round(total.Elapsed.TotalMilliseconds));
        var command = new AnswerQuery(responseId, metadata.Tenant, text, normalized, request.SessionId, userHash,
            planned.Parameters, model, indexPosition,
            search.Hits.Select(h => new ShownResult(h.Position, h.Chunk.ChunkId, h.Chunk.DocumentId, h.Chunk.DocumentVersion,
                PlannedQuery.ScoresOf(h))).ToList(),
            answer.Text, answer.Citations.Select(c => new Citation(c.Number, c.ChunkId, c.Position)).ToList(), answer.Confidence, latency, clock.GetUtcNow(),
            new RankingFeatureLog(RankingFeatures.Names,
                search.Hits.Where(h => h.Features is not null).Select(h => new LoggedFeatures(h.Position, h.Chunk.ChunkId, h.Features!)).ToList()),
            servingPosition, degraded.Count > 0 ? degraded : null);

        var appendClock = Stopwatch.StartNew();
        using (Telemetry.Stage("append"))
        await using (var session = sessions.OpenWrite(metadata with { Actor = userHash }))
        {
            session.Events.StartStream(responseId, await personal.SealAsync(metadata.Tenant, userHash, QueryDecider.Decide(command, null), ct));
            await session.SaveChangesAsync(ct);
        }
        telemetry.Answered(latency, search.EmbedMs, appendClock.Elapsed.TotalMilliseconds, arm.Variant, search.Reranker);
        telemetry.IndexLag(freshness.BehindEvents);
        foreach (var d in degraded)
        {
            telemetry.Degradation(d.Stage);
            logger.LogWarning("Query {QueryId} served degraded at stage {Stage} ({Component}): {Reason}", responseId, d.Stage, d.Component, d.Reason);
        }
        logger.LogInformation("Answered query {QueryId} for {UserHash}: {Results} results, retriever {Retriever}, reranker {Reranker}, variant {Variant}, {TotalMs} ms",
            responseId, userHash, search.Hits.Count, model.Retriever, search.Reranker ?? "none", arm.Variant ?? "none", latency.TotalMs);

        return new QueryResponse(responseId, answer.Text,
            search.Hits.Select(SourceView.Of).ToList(),
            answer.Confidence, new ModelInfo(model.Retriever, model.EmbeddingModel, model.Reranker, model.Generator, indexPosition, model.QueryAdapter),
            latency.TotalMs, latency, degraded.Count > 0 ? degraded : null, freshness);
    }

    // The generator is the one stage a query can do without: when it fails or overruns, the user still gets the
    // ranked sources, and the stored response says the answer was left out and why.
    private async Task<GeneratedAnswer> GenerateAsync(string question, IReadOnlyList<AnswerSource> sources, double strength, List<Degradation> degraded, CancellationToken ct)
    {
        var timeout = retrieval.Value.GenerateTimeout;
        using var span = Telemetry.Stage("generate")?.SetTag("esrag.generator", generator.Name);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            return await generator.GenerateAsync(question, sources, strength, deadline.Token).WaitAsync(timeout, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            var reason = ex is TimeoutException || deadline.IsCancellationRequested
                ? $"No answer within {timeout.TotalSeconds:0.###} s."
                : $"{ex.GetType().Name}: {ex.Message}";
            span?.SetStatus(ActivityStatusCode.Error, reason);
            degraded.Add(new Degradation(DegradedStage.Generate, generator.Name, reason));
            return new GeneratedAnswer("", [], 0);
        }
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

    private static double Round(double ms) => Math.Round(ms, 3);
}
