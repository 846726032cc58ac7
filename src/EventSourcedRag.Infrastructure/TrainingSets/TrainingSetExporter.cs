using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Projections.Feedback;
using EventSourcedRag.Projections.ReadModels;
using EventSourcedRag.Projections.Training;
using Parquet.Serialization;

namespace EventSourcedRag.Infrastructure.TrainingSets;

/// <summary>
/// Writes the training pairs as of a point in history, with a manifest that says exactly what they were made
/// from. Everything is a function of the events up to that point and the configured weights: pairs are folded
/// fresh from the log (never read from the live table, which has moved on), ordered by key, numbers written
/// invariantly, and the manifest holds no wall-clock time, so two exports of one as-of point are byte-identical.
/// </summary>
public sealed class TrainingSetExporter(ReadModelRebuilder rebuilder, EventLogReader log, ReadModelCatalog catalog)
{
    public const string ManifestFile = "manifest.json";
    private static readonly JsonSerializerOptions ManifestJson = new(RowJson.Options) { WriteIndented = true };

    /// <param name="tenant">Only this tenant's pairs (an API caller's); null exports every tenant (an operator on the CLI).</param>
    public async Task<TrainingSetManifest> ExportAsync(string directory, AsOf asOf, string format, string? tenant = null, IProgress<double>? progress = null,
        CancellationToken ct = default)
    {
        if (format is not ("jsonl" or "parquet")) throw new InvalidReadModelRequest("format must be jsonl or parquet.");
        var sequence = await rebuilder.ResolveAsync(asOf, ct);
        var models = await rebuilder.FoldAsync([TrainingPairsProjection.ProjectionName, FeedbackAggregatesProjection.ProjectionName], sequence, ct, progress);
        var pairs = (TrainingPairsProjection)models[0];
        var feedback = (FeedbackAggregatesProjection)models[1];
        var propensities = PositionPropensities.Estimate(feedback.ClickStats.Ordered().Select(p => p.Value).Where(s => tenant is null || s.Tenant == tenant));
        var rows = pairs.Pairs.Ordered().Select(p => p.Value).Where(p => tenant is null || p.Tenant == tenant)
            .Select(p => ExportedPair.From(p, propensities)).ToList();

        Directory.CreateDirectory(directory);
        var dataFile = "training-pairs." + format;
        var dataPath = Path.Combine(directory, dataFile);
        if (format == "jsonl") await WriteJsonLinesAsync(dataPath, rows, ct);
        else await using (var stream = File.Create(dataPath)) await ParquetSerializer.SerializeAsync(rows, stream, cancellationToken: ct);

        var range = await log.RangeAsync(sequence, ct);
        var manifest = new TrainingSetManifest(
            Format: format,
            AsOf: new AsOfPoint(sequence, asOf.Sequence, asOf.Time),
            EventRange: new EventRangeInfo(range.First, range.Last, range.FirstAt, range.LastAt),
            Pairs: rows.Count,
            Responses: rows.Select(r => r.ResponseId).Distinct().Count(),
            PositivesBySignal: Count(rows.SelectMany(r => r.PositiveSignals)),
            NegativesBySignal: Count(rows.SelectMany(r => r.NegativeSignals)),
            Projections: [new ProjectionVersion(pairs.Name, pairs.Version, pairs.Fingerprint), new ProjectionVersion(feedback.Name, feedback.Version, feedback.Fingerprint)],
            SchemaVersion: ExportedPair.SchemaVersion,
            SignalWeights: catalog.Weights,
            PositionPropensities: propensities.Select(p => Math.Round(p, 6)).ToList(),
            Files: [new ExportedFile(dataFile, new FileInfo(dataPath).Length, await Sha256Async(dataPath, ct))]);
        await File.WriteAllTextAsync(Path.Combine(directory, ManifestFile), JsonSerializer.Serialize(manifest, ManifestJson) + "\n", new UTF8Encoding(false), ct);
        return manifest;
    }

    private static async Task WriteJsonLinesAsync(string path, IEnumerable<ExportedPair> rows, CancellationToken ct)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        foreach (var row in rows) await writer.WriteLineAsync(RowJson.Serialize(row).AsMemory(), ct);
    }

    private static SortedDictionary<string, int> Count(IEnumerable<string> signals)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in signals) counts[s] = counts.GetValueOrDefault(s) + 1;
        return counts;
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
