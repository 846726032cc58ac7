using System.Diagnostics;
using System.Globalization;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Learning.Adapters;
using EventSourcedRag.Learning.Onnx;
using EventSourcedRag.Retrieval.Dense;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// Trains a query adapter from the feedback in the log as of a point: each response with a positive gives
/// examples (query embedding, positive chunk, mined hard negatives), embedded by the tenant's encoder as it serves
/// now; the newest share of responses is held out. The gate replays the held-out queries with the candidate
/// (through ONNX Runtime, as it would serve) and with the serving adapter, scored against what those users clicked
/// (<see cref="HeldOutReplay"/>); the benchmark split, when one is configured, judges what it newly brings in. The
/// artifact names the encoder it was trained in, and only applies while that encoder serves.
/// </summary>
public sealed class QueryAdapterTraining(
    ReadModelRebuilder rebuilder, QueryService queries, HeldOutReplay replay, EventLogIndexFeeder index, ModelArtifactStore artifacts, EventSessions sessions,
    IOptions<LearningOptions> options, TimeProvider clock)
{
    public const string Kind = ModelKinds.QueryAdapter;

    public async Task<TrainingOutcome> TrainAsync(string tenant, AsOf asOf, string actor, CancellationToken ct, IBenchmarkSplit? benchmark = null)
    {
        var o = options.Value;
        var inputs = await TrainingInputs.LoadAsync(rebuilder, tenant, Kind, asOf, ct);
        var (sequence, tenantPairs, served, _, serving) = inputs;
        var (labelled, train, heldOut) = inputs.Responses(o.HeldOutShare);

        await inputs.WaitForIndexAsync(index, ct);
        var vectors = queries.Embed(tenant, train.Select(q => q.Query).ToList(), train.SelectMany(q => q.Positives.Keys.Concat(q.HardNegatives)))
                      ?? throw new InvalidOperationException("The tenant has no dense index yet, so there is no query embedding to adapt.");
        var examples = Examples(train, vectors);

        var clockRun = Stopwatch.StartNew();
        var fit = new QueryAdapterTrainer(o.QueryAdapter).Train(examples);
        var onnx = LinearAdapterOnnx.Export(fit.Adapter, vectors.EncoderVersion);
        var seconds = Math.Round(clockRun.Elapsed.TotalSeconds, 3);

        ct.ThrowIfCancellationRequested(); // a cancelled run stores nothing: no artifact, no events
        var now = clock.GetUtcNow();
        var artifact = await artifacts.PutAsync(onnx, Kind, now, ct);
        var version = "adapter-" + artifact[..12];
        using var candidate = new OnnxQueryAdapter(version, onnx);
        var replays = replay.Items(tenant, heldOut, served);
        var gate = GateRun.Judge(replay.Score(tenant, replays, new CandidateModels(Adapter: candidate)), replay.Score(tenant, replays, null), replays.Count, o.Gate, benchmark,
            split => (split.Evaluate(new CandidateModels(Adapter: candidate)), split.Evaluate()));

        var hyper = new SortedDictionary<string, string>(o.QueryAdapter.Describe().ToDictionary(), StringComparer.Ordinal)
        {
            ["encoder"] = vectors.EncoderVersion,
            ["dimensions"] = fit.Adapter.Dimensions.ToString(CultureInfo.InvariantCulture),
            ["examples"] = examples.Count.ToString(CultureInfo.InvariantCulture),
            ["held_out_share"] = o.HeldOutShare.ToString("R", CultureInfo.InvariantCulture),
            ["loss_first_epoch"] = fit.EpochLosses[0].ToString("F6", CultureInfo.InvariantCulture),
            ["loss_last_epoch"] = fit.EpochLosses[^1].ToString("F6", CultureInfo.InvariantCulture),
            ["distance_from_identity"] = fit.Adapter.DistanceFromIdentity().ToString("F6", CultureInfo.InvariantCulture),
        };
        var trained = new RecordTrainedModel(version, Kind, serving, Fingerprint(vectors.EncoderVersion, labelled, heldOut.Count), sequence, hyper,
            o.QueryAdapter.Seed, artifact, seconds, now);
        return await gate.RecordAsync(sessions, tenant, actor, trained, tenantPairs.Count, examples.Count, ct);
    }

    private static List<AdapterExample> Examples(IReadOnlyList<AdapterQuery> train, DenseVectors vectors) =>
        ChosenVectors.Examples(train, vectors, (q, query, chunk, chosen, negatives, weight) =>
            new AdapterExample(q.NormalizedQuery, query, chunk.ToString("N"), chosen, negatives, (float)weight));

    /// <summary>Over the encoder, the split and every response's query, positives (with weights) and hard negatives.</summary>
    private static string Fingerprint(string encoder, IReadOnlyList<AdapterQuery> labelled, int heldOut) =>
        InputsFingerprint.Of($"encoder={encoder}\nheld_out={heldOut}\n", labelled,
            q => [q.ResponseId.ToString("N"), q.Query, InputsFingerprint.Positives(q), InputsFingerprint.Negatives(q)]);
}
