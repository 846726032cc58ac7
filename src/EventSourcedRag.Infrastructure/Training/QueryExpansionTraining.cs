using System.Diagnostics;
using System.Globalization;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Learning.Expansion;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// Trains a query-expansion model from the feedback in the log as of a point: each response with a chosen chunk
/// gives the words asked and the chosen chunks' words, counted per user (<see cref="QueryExpansionTrainer"/>); the
/// newest share of responses is held out. The gate replays the held-out queries with the candidate and with the
/// serving expansion over the documents their lists showed, choices weighted against position bias
/// (<see cref="HeldOutReplay"/>), and, when a benchmark split is configured, ranks its judged queries as they would be
/// served. That is where the documents a candidate newly finds are judged, so there it must show its gain, while
/// held-out feedback, which sees only the order of what was shown, may only veto
/// (<see cref="GateRun"/>). The artifact is the model's canonical bytes, so it is
/// content-addressed like the others.
/// </summary>
public sealed class QueryExpansionTraining(
    ReadModelRebuilder rebuilder, SearchIndexes indexes, HeldOutReplay replay, EventLogIndexFeeder index, ModelArtifactStore artifacts,
    EventSessions sessions, IOptions<LearningOptions> options, TimeProvider clock)
{
    public const string Kind = ModelKinds.QueryExpansion;

    public async Task<TrainingOutcome> TrainAsync(string tenant, AsOf asOf, string actor, CancellationToken ct, IBenchmarkSplit? benchmark = null)
    {
        var o = options.Value;
        var inputs = await TrainingInputs.LoadAsync(rebuilder, tenant, Kind, asOf, ct);
        var (sequence, tenantPairs, served, _, serving) = inputs;
        var (labelled, train, heldOut) = inputs.Responses(o.HeldOutShare);
        if (train.Count < o.QueryExpansion.MinExamples)
            throw new InvalidOperationException($"Only {train.Count} responses with a chosen source to learn from (at least {o.QueryExpansion.MinExamples} are needed).");

        await inputs.WaitForIndexAsync(index, ct);
        var clockRun = Stopwatch.StartNew();
        var collection = indexes.For(tenant);
        var examples = ExpansionExamples.From(train, collection);
        var (chunks, frequencies) = collection.DocumentFrequencies(examples.SelectMany(e => e.Chosen.SelectMany(c => c.Terms.Keys)).Distinct(StringComparer.Ordinal));
        var model = new QueryExpansionTrainer(o.QueryExpansion).Train(examples, term => frequencies.GetValueOrDefault(term), chunks);
        var bytes = model.ToBytes();
        var seconds = Math.Round(clockRun.Elapsed.TotalSeconds, 3);

        ct.ThrowIfCancellationRequested(); // a cancelled run stores nothing: no artifact, no events
        var now = clock.GetUtcNow();
        var artifact = await artifacts.PutAsync(bytes, Kind, now, ct);
        var version = "expansion-" + artifact[..12];
        using var candidate = new LearnedQueryExpander(version, model);
        var replays = replay.Items(tenant, heldOut, served);
        var gate = GateRun.Judge(replay.Score(tenant, replays, new CandidateModels(Expander: candidate)), replay.Score(tenant, replays, null), replays.Count,
            o.Gate, benchmark, split => (split.Evaluate(new CandidateModels(Expander: candidate)), split.Evaluate()));

        var hyper = new SortedDictionary<string, string>(o.QueryExpansion.Describe().ToDictionary(), StringComparer.Ordinal)
        {
            ["examples"] = examples.Count.ToString(CultureInfo.InvariantCulture),
            ["users"] = examples.Select(e => e.User).Distinct(StringComparer.Ordinal).Count().ToString(CultureInfo.InvariantCulture),
            ["held_out_share"] = o.HeldOutShare.ToString("R", CultureInfo.InvariantCulture),
            ["query_terms"] = model.Terms.ToString(CultureInfo.InvariantCulture),
            ["associations"] = model.Associations.ToString(CultureInfo.InvariantCulture),
            ["chunks"] = chunks.ToString(CultureInfo.InvariantCulture),
        };
        var trained = new RecordTrainedModel(version, Kind, serving, Fingerprint(labelled, heldOut.Count), sequence, hyper, 0, artifact, seconds, now);
        return await gate.RecordAsync(sessions, tenant, actor, trained, tenantPairs.Count, examples.Count, ct);
    }

    /// <summary>Over the split and every response's user, query and chosen chunks (with weights).</summary>
    private static string Fingerprint(IReadOnlyList<AdapterQuery> labelled, int heldOut) =>
        InputsFingerprint.Of($"kind={Kind}\nheld_out={heldOut}\n", labelled,
            q => [q.ResponseId.ToString("N"), q.User, q.Query, InputsFingerprint.Positives(q)]);
}
