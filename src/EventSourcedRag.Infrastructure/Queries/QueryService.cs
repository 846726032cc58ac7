using System.Diagnostics;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Observability;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Retrieval.Answering;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Ranking;
using EventSourcedRag.Retrieval.Search;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>
/// Answers a question: hybrid retrieval over this host's index, an answer with citations, and the whole response
/// stored as the first events of a new query stream before anything is returned.
/// </summary>
public sealed class QueryService(
    QueryPlanner planner,
    ServingStateFeeder servingState,
    EventLogIndexFeeder indexFeed,
    AnswerStage answering,
    ServingModels serving,
    EventSessions sessions,
    PersonalData personal,
    TimeProvider clock,
    Telemetry telemetry,
    ILogger<QueryService> logger)
{
    /// <summary>The ranked results this host would serve for the request now, without storing anything (evaluation, previews).</summary>
    /// <param name="candidates">Models to rank with instead of the deployed ones (a candidate the gate is judging).</param>
    /// <param name="withPriors">False leaves out the feedback priors (a replay of feedback that the priors already hold).</param>
    /// <param name="user">The asking user's hash, for their personal steering; null: anonymous.</param>
    public SearchResult Rank(QueryRequest request, string tenant, CandidateModels? candidates = null, bool withPriors = true, string? user = null) =>
        planner.Plan(request, tenant, candidates, withPriors, user: user).Search;

    /// <summary>Exact vectors of queries (embedded as serving embeds them, before any adapter) and chunks, from the tenant's encoder as it is now.</summary>
    public DenseVectors? Embed(string tenant, IReadOnlyList<string> queries, IEnumerable<Guid> chunks) => planner.Embed(tenant, queries, chunks);

    /// <summary>
    /// Answers and stores the response before returning it. A query that fails after it was received (not a bad
    /// request) is stored as <see cref="QueryFailed"/> with the arm that would have served it, then rethrown.
    /// </summary>
    /// <param name="stream">Receives the sources and the answer's fragments as they are produced; null answers in one piece.</param>
    public async Task<QueryResponse> AskAsync(QueryRequest request, EventMetadata metadata, CancellationToken ct, IQueryStream? stream = null)
    {
        var total = Stopwatch.StartNew();
        var userHash = request.UserHash ?? UserHasher.Anonymous;
        var arm = planner.Assign(metadata.Tenant, request.Retriever, request.SessionId, request.UserHash);
        var responseId = Guid.CreateVersion7();
        using var span = Telemetry.Stage("query");
        span?.SetTag("esrag.query_id", responseId).SetTag("esrag.user_hash", userHash).SetTag("esrag.variant", arm.Variant);
        // Every log line written while answering names the query and the (hashed) user it was for.
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["QueryId"] = responseId, ["UserHash"] = userHash });
        try
        {
            return await AnswerAsync(request, metadata, responseId, userHash, arm, total, stream, ct);
        }
        catch (OperationCanceledException) when (stream is not null && ct.IsCancellationRequested)
        {
            // A streaming client that goes away has seen sources and part of an answer: the auditor learns of it.
            await RecordFailureAsync(request, metadata, responseId, userHash, arm,
                new OperationCanceledException("The client disconnected while the answer was streamed; nothing was stored as served."));
            throw;
        }
        catch (Exception ex) when (ex is not (InvalidQuery or OperationCanceledException or Domain.DomainRuleViolated))
        {
            telemetry.Failed(arm.Variant, arm.Reranker?.Version ?? serving.DeployedReranker(metadata.Tenant));
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            await RecordFailureAsync(request, metadata, responseId, userHash, arm, ex);
            throw;
        }
    }

    private async Task<QueryResponse> AnswerAsync(QueryRequest request, EventMetadata metadata, Guid responseId, string userHash, Arm arm, Stopwatch total,
        IQueryStream? stream, CancellationToken ct)
    {
        var servingPosition = servingState.Position;
        var planned = planner.Plan(request, metadata.Tenant, arm.Models, exploring: planner.ExploringFor(request, metadata.Tenant, responseId),
            user: request.UserHash);
        var (text, normalized, search) = (planned.Text, planned.Normalized, planned.Search);
        var freshness = indexFeed.Freshness();
        List<Degradation> degraded = [];
        if (freshness.Stale)
            degraded.Add(new Degradation(DegradedStage.Index, "search-index", freshness.LagSeconds is { } lag
                ? $"The index was last level with the event log {lag:0.#} s ago; {freshness.BehindEvents} events seen and not applied yet."
                : $"The index has not caught up with the event log since this host started; {freshness.BehindEvents} events seen and not applied yet."));
        if (search.RerankSkipped is { } skipped) degraded.Add(new Degradation(DegradedStage.Rerank, skipped.Reranker, skipped.Reason));
        if (search.DenseWarmingAt is { } warming)
            degraded.Add(new Degradation(DegradedStage.Dense, "lsa", $"The dense encoder fitted at event {warming} is still being computed; results are lexical only."));
        var model = planned.ModelWith(arm, answering.Name);
        var indexPosition = Math.Max(search.IndexPosition, planner.Indexes.Position);
        var modelInfo = new ModelInfo(model.Retriever, model.EmbeddingModel, model.Reranker, model.Generator, indexPosition, model.QueryAdapter,
            model.QueryExpansion, planned.Expansions, planned.Explored, model.PersonalSteering);
        var sources = search.Hits.Select(SourceView.Of).ToList();
        AnswerFragmentSink? fragments = null;
        if (stream is not null)
        {
            await stream.SourcesAsync(new SourcesFound(sources, modelInfo, degraded.Count > 0 ? [.. degraded] : null, freshness), ct);
            fragments = stream.FragmentAsync;
        }
        var generateClock = Stopwatch.StartNew();
        var answer = await answering.RunAsync(text, planned.Sources, search.Strength, fragments, degraded, ct);
        var generateMs = generateClock.Elapsed.TotalMilliseconds;
        var latency = new StageLatencies(Round(search.RetrieveMs), Round(search.FuseMs), Round(search.RerankMs), Round(generateMs), Round(total.Elapsed.TotalMilliseconds));
        var command = new AnswerQuery(responseId, metadata.Tenant, text, normalized, request.SessionId, userHash,
            planned.Parameters, model, indexPosition,
            search.Hits.Select(h => new ShownResult(h.Position, h.Chunk.ChunkId, h.Chunk.DocumentId, h.Chunk.DocumentVersion,
                PlannedQuery.ScoresOf(h))).ToList(),
            answer.Text, answer.Citations.Select(c => new Citation(c.Number, c.ChunkId, c.Position)).ToList(), answer.Confidence, latency, clock.GetUtcNow(),
            new RankingFeatureLog(RankingFeatures.Names,
                search.Hits.Where(h => h.Features is not null).Select(h => new LoggedFeatures(h.Position, h.Chunk.ChunkId, h.Features!)).ToList()),
            servingPosition, degraded.Count > 0 ? degraded : null, search.DenseFitPosition, planned.Expansions, planned.Exploration, planned.Explored);

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

        return new QueryResponse(responseId, answer.Text, sources, answer.Confidence, modelInfo, latency.TotalMs, latency, degraded.Count > 0 ? degraded : null, freshness);
    }

    // Best effort: when the store itself is what failed, the failure cannot be recorded either, and the caller
    // gets the original error.
    private async Task RecordFailureAsync(QueryRequest request, EventMetadata metadata, Guid responseId, string userHash, Arm arm, Exception error)
    {
        try
        {
            var model = new ServingModel(request.Retriever ?? "auto", "unknown", arm.Reranker?.Version ?? serving.DeployedReranker(metadata.Tenant),
                answering.Name, arm.ExperimentId, arm.Variant, arm.Adapter?.Version, arm.Stage, arm.Unit);
            var command = new RecordQueryFailure(responseId, metadata.Tenant, userHash, request.SessionId, model,
                $"{error.GetType().Name}: {error.Message}", clock.GetUtcNow());
            await DeciderStore.HandleAsync(() => sessions.OpenWrite(metadata with { Actor = userHash }), responseId, (QueryState?)null, QueryDecider.Evolve,
                state => QueryDecider.Decide(command, state), CancellationToken.None);
        }
        catch (Exception recording)
        {
            logger.LogError(recording, "Query {ResponseId} failed ({Error}) and the failure could not be recorded", responseId, error.Message);
        }
    }

    private static double Round(double ms) => Math.Round(ms, 3);
}
