using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Feedback;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Ranking;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Audit;

/// <summary>
/// "What would have been served to this query at time T": the tenant's search index, deployed models, running
/// experiment and feedback priors are folded afresh from the log up to T, the models' artifacts loaded from the
/// artifact store, and the query planned and answered by the same code that serves /v1/query. Nothing is stored.
/// A stored response is replayed at the positions its <see cref="ResultsShown"/> recorded, with its own question,
/// parameters and experiment unit, so an auditor can check that what was served follows from the log.
/// </summary>
public sealed class QueryReplay(
    EventLogReader log,
    ReadModelRebuilder rebuilder,
    EventSessions sessions,
    PersonalData personal,
    ModelArtifactStore artifacts,
    SubjectKeys keys,
    IReranker defaultReranker,
    AnswerStage answering,
    IOptions<RetrievalOptions> retrieval,
    IOptions<FeedbackOptions> feedback,
    IEmbedder? embedder = null,
    IChunkVectorSource? vectors = null,
    EncoderLibrary? encoders = null)
{
    /// <summary>Replays a question as a client would ask it at <paramref name="asOf"/> (the user, when given, decides the experiment arm and their steering).</summary>
    public async Task<ReplayedQuery> ReplayAsync(string tenant, QueryRequest request, AsOf asOf, CancellationToken ct)
    {
        var sequence = await rebuilder.ResolveAsync(asOf, ct);
        return await RunAsync(tenant, request, request.UserHash, sequence, sequence, DenseReplay.Latest, embedder, null, ct);
    }

    /// <summary>
    /// Replays a stored response: at the index and serving positions it was served from, or at <paramref name="asOf"/>
    /// ("what would this question have got then"). Null when the tenant has no such response.
    /// </summary>
    public async Task<ReplayedQuery?> ReplayResponseAsync(string tenant, Guid responseId, AsOf? asOf, CancellationToken ct)
    {
        await using var session = sessions.OpenRead(tenant);
        var events = await session.Events.FetchStreamAsync(responseId, token: ct);
        if (events.FirstOrDefault(e => e.Data is QueryReceived) is not { } receivedEvent) return null;
        var received = (QueryReceived)(await personal.OpenAsync(tenant, [receivedEvent.Data], ct))[0];
        if (received.Text == PersonalData.ErasedText)
            throw new ReplayUnavailable($"The question of response {responseId} was erased with its subject and cannot be replayed.");
        var shown = events.Select(e => e.Data).OfType<ResultsShown>().FirstOrDefault();
        var answer = events.Select(e => e.Data).OfType<AnswerGenerated>().FirstOrDefault();
        var degraded = events.Select(e => e.Data).OfType<QueryDegraded>().FirstOrDefault()?.Degradations;

        long indexPosition, servingPosition;
        if (asOf is not null) indexPosition = servingPosition = await rebuilder.ResolveAsync(asOf, ct);
        else
        {
            // Older responses did not record the serving position: the log just before the question is the closest bound.
            indexPosition = shown?.IndexPosition ?? receivedEvent.Sequence - 1;
            servingPosition = shown?.ServingPosition ?? receivedEvent.Sequence - 1;
        }

        // The retriever only when the client named it: otherwise the planner chooses again, as the server would have
        // at that point (full once a reranker is deployed), and an experiment may assign the unit to an arm.
        var parameters = received.Parameters;
        var request = new QueryRequest(received.Text, parameters.TopK, parameters.Fusion, parameters.Filters, received.SessionId, null, parameters.RequestedRetriever);
        var dense = asOf is not null ? DenseReplay.Latest
            : shown?.DenseFitPosition is { } fit ? DenseReplay.At(fit)
            : EncoderLibrary.IsLsa(received.Model.EmbeddingModel) && received.Model.EmbeddingModel != "none" ? DenseReplay.FittedWhenAsked
            : DenseReplay.None;
        // Explored as it was served: the recorded policy, drawn by the response's id.
        var exploring = shown?.Exploration is { } policy ? new Exploring(responseId, policy) : null;
        var replay = await RunAsync(tenant, request, received.UserHash, indexPosition, servingPosition, dense, ServedEncoder(received.Model.EmbeddingModel), exploring, ct);
        return replay with { ResponseId = responseId, Served = shown is null || answer is null ? null : Compare(shown, answer, received.Model, replay, degraded) };
    }

    // The encoder the response was served with, when this host can load it: a replay after an encoder switch still
    // embeds the question, and finds the stored vectors, of the encoder that served.
    private IEmbedder? ServedEncoder(string servedVersion) =>
        EncoderLibrary.IsLsa(servedVersion) ? null : encoders?.For(servedVersion) ?? embedder;

    private async Task<ReplayedQuery> RunAsync(string tenant, QueryRequest request, string? userHash, long indexPosition, long servingPosition,
        DenseReplay dense, IEmbedder? encoder, Exploring? exploring, CancellationToken ct)
    {
        var indexes = new SearchIndexes(retrieval, encoder);
        var collection = indexes.For(tenant);
        if (dense.FitPosition is { } fitPosition) collection.PinFit(fitPosition);
        else if (dense == DenseReplay.Latest) collection.DeferFits();
        var projector = new DocumentIndexProjector(indexes, vectors); // no switch events: the encoder that served stays
        var priors = new FeedbackPriors(feedback.Value.PriorResponseWindow, feedback.Value.MaxPriorEntries, feedback.Value.Memory);
        using var models = new ServingModels();
        var documentTypes = DocumentIndexProjector.EventTypes.ToHashSet();
        var servingTypes = FeedbackPriors.EventTypes.Concat(ServingModels.EventTypes).ToHashSet();
        await foreach (var page in log.ReadAsync(0, Math.Max(indexPosition, servingPosition), [.. documentTypes, .. servingTypes], ct))
        {
            foreach (var e in page)
            {
                // Priors of every tenant, as the live host folds them: responses of all tenants share its window.
                if (e.Sequence <= indexPosition && e.Tenant == tenant && documentTypes.Contains(e.Data.GetType())) projector.Apply(e.Tenant, e.Sequence, e.Data);
                if (e.Sequence <= servingPosition && servingTypes.Contains(e.Data.GetType()))
                {
                    priors.Apply(e.Tenant, e.Data);
                    if (e.Tenant == tenant) models.Apply(e.Tenant, e.Data);
                }
            }
            await projector.FlushAsync(ct);
        }
        indexes.Advance(indexPosition);
        if (dense == DenseReplay.Latest) collection.CompleteDeferredFit();
        if (dense == DenseReplay.FittedWhenAsked) collection.FitNow();
        var failures = await models.InstallAsync(artifacts, keys, ct);
        if (failures.Count > 0)
            throw new ReplayUnavailable($"Model {failures[0].Version} was serving at that point but cannot be loaded: {failures[0].Error.Message}");

        var planner = new QueryPlanner(indexes, models, priors, defaultReranker, retrieval.Value);
        var arm = planner.Assign(tenant, request.Retriever, request.SessionId, userHash);
        var planned = planner.Plan(request, tenant, arm.Models, exploring: exploring, user: userHash);
        List<Degradation> degraded = [];
        var answer = await answering.RunAsync(planned.Text, planned.Sources, planned.Search.Strength, null, degraded, ct);
        var results = planned.Search.Hits.Select(h => new ReplayedResult(h.Position, h.Chunk.ChunkId, h.Chunk.DocumentId, h.Chunk.DocumentVersion, h.Chunk.Title,
            SourceView.Of(h).Snippet, PlannedQuery.ScoresOf(h))).ToList();
        return new ReplayedQuery(null, planned.Text, planned.Parameters, indexPosition, servingPosition, planned.ModelWith(arm, answering.Name), answer.Text,
            answer.Citations.Select(c => new Citation(c.Number, c.ChunkId, c.Position)).ToList(), results, null, degraded.Count > 0 ? degraded : null, planned.Expansions,
            planned.Explored);
    }

    private static ServedComparison Compare(ResultsShown shown, AnswerGenerated answer, ServingModel model, ReplayedQuery replay, IReadOnlyList<Degradation>? degraded)
    {
        string? difference = null;
        for (var i = 0; i < Math.Max(shown.Results.Count, replay.Results.Count) && difference is null; i++)
        {
            var was = i < shown.Results.Count ? shown.Results[i].ChunkId : (Guid?)null;
            var now = i < replay.Results.Count ? replay.Results[i].ChunkId : (Guid?)null;
            if (was != now)
                difference = $"position {i + 1}: served {was?.ToString() ?? "nothing"}, replay ranks {now?.ToString() ?? "nothing"}";
        }
        return new ServedComparison(difference is null, answer.Answer == replay.Answer, difference, shown.Results, answer.Answer, model, degraded, shown.Expansions, shown.Explored);
    }

    /// <summary>Which LSA encoder a replay's dense search uses (see ChunkCollection.Dense.cs).</summary>
    private sealed record DenseReplay(string Kind, long? FitPosition = null)
    {
        /// <summary>The last fit point up to the replayed position, computed: what a server with its fits done serves.</summary>
        public static readonly DenseReplay Latest = new("latest");
        /// <summary>Responses older than fit points: the server fitted on the chunks live when the question came.</summary>
        public static readonly DenseReplay FittedWhenAsked = new("when-asked");
        /// <summary>No LSA encoder served (too few chunks, or still being computed): none is fitted.</summary>
        public static readonly DenseReplay None = new("none", -1);

        public static DenseReplay At(long fitPosition) => new("pinned", fitPosition);
    }
}
