using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Learning.Onnx;
using EventSourcedRag.Learning.Ranking;
using EventSourcedRag.Retrieval.Ranking;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// Trains a LambdaMART reranker from the feedback in the log as of a point, gates it against the order that was
/// served on the newest held-out lists, stores the ONNX artifact by its hash, and records every step on the
/// model's stream. Everything it reads is folded from the log as of one sequence, so the same point, settings
/// and seed give the same artifact.
/// </summary>
public sealed class RerankerTraining(
    ReadModelRebuilder rebuilder, ModelArtifactStore artifacts, EventSessions sessions, IOptions<LearningOptions> options, TimeProvider clock)
{
    public const string Kind = ModelKinds.Reranker;

    /// <param name="benchmark">A judged split the candidate must also not be worse on (beyond the gate's tolerance), when configured.</param>
    public async Task<TrainingOutcome> TrainAsync(string tenant, AsOf asOf, string actor, CancellationToken ct, IBenchmarkSplit? benchmark = null)
    {
        var o = options.Value;
        var (sequence, tenantPairs, served, propensities, serving) = await TrainingInputs.LoadAsync(rebuilder, tenant, Kind, asOf, ct);
        var lists = LearningSetAssembler.Assemble(
            tenantPairs,
            served.Lists.Ordered().Select(l => l.Value).Where(l => l.Tenant == tenant),
            propensities, RankingFeatures.Names);

        var heldOutCount = (int)Math.Round(lists.Count * o.HeldOutShare);
        var train = lists.Take(lists.Count - heldOutCount).Select(l => l.List).ToList();
        var heldOut = lists.Skip(lists.Count - heldOutCount).Select(l => l.List).ToList();
        if (train.Count == 0) throw new InvalidOperationException($"No labelled feedback to train on as of event {sequence}.");

        var clockRun = Stopwatch.StartNew();
        var fit = new LambdaMartTrainer(o.LambdaMart).Train(train, RankingFeatures.Count);
        var onnx = TreeEnsembleOnnx.Export(fit.Ensemble);
        var seconds = Math.Round(clockRun.Elapsed.TotalSeconds, 3);

        ct.ThrowIfCancellationRequested(); // a cancelled run stores nothing: no artifact, no events
        var now = clock.GetUtcNow();
        var artifact = await artifacts.PutAsync(onnx, Kind, now, ct);
        var version = "lambdamart-" + artifact[..12];
        var gate = GateRun.Judge(Evaluate(heldOut, row => fit.Ensemble.Score(row)), Evaluate(heldOut, null), heldOut.Count, o.Gate, benchmark, split =>
        {
            // Served exactly as it would be: the ONNX graph through ONNX Runtime, on the live index.
            using var onnxModel = new OnnxReranker(version, onnx);
            return (split.Evaluate(new CandidateModels(onnxModel)), split.Evaluate());
        });

        var hyper = new SortedDictionary<string, string>(o.LambdaMart.Describe().ToDictionary(), StringComparer.Ordinal)
        {
            ["features"] = string.Join(",", RankingFeatures.Names),
            ["held_out_share"] = o.HeldOutShare.ToString("R", CultureInfo.InvariantCulture),
            ["train_lists"] = train.Count.ToString(CultureInfo.InvariantCulture),
        };
        var trained = new RecordTrainedModel(version, Kind, serving, Fingerprint(lists, heldOutCount), sequence, hyper, o.LambdaMart.Seed, artifact, seconds, now);
        return await gate.RecordAsync(sessions, tenant, actor, trained, tenantPairs.Count, train.Count, ct);
    }

    /// <summary>
    /// Metrics of a scorer on held-out lists, estimated from the feedback: each positive row weighs its grade times its
    /// inverse-propensity weight (<see cref="ClickMetrics"/>), as the first-stage models are judged. Scored as plain
    /// judgements, clicks concentrate where the serving model put things and favour its order over every candidate.
    /// A null scorer is the serving model: the order the lists were shown in, which their rows keep.
    /// </summary>
    public static MetricSet Evaluate(IReadOnlyList<LabelledList> lists, Func<float[], double>? score) =>
        ClickMetrics.Of(lists.Select(list =>
        {
            var ids = list.Rows.Select((_, i) => i.ToString(CultureInfo.InvariantCulture)).ToList();
            IReadOnlyDictionary<string, double> clicks = ids.Select((id, i) => (id, i)).Where(x => list.Labels[x.i] > 0)
                .ToDictionary(x => x.id, x => (double)list.Labels[x.i] * list.Weights[x.i]);
            IReadOnlyList<string> ranked = score is null ? ids
                : ids.Select((id, i) => (id, s: score(list.Rows[i]), i)).OrderByDescending(x => x.s).ThenBy(x => x.i).Select(x => x.id).ToList();
            return (ranked, clicks);
        }).ToList());

    /// <summary>SHA-256 over the lists as trained on: keys, labels, weights and rows, invariantly written, and the split.</summary>
    private static string Fingerprint(IReadOnlyList<LearningList> lists, int heldOut)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
        Add($"held_out={heldOut}\n");
        foreach (var l in lists)
        {
            Add(l.List.Key + "\n");
            for (var i = 0; i < l.List.Rows.Count; i++)
                Add(string.Create(CultureInfo.InvariantCulture,
                    $"{l.List.Labels[i]} {l.List.Weights[i]:R} {string.Join(' ', l.List.Rows[i].Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}\n"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
