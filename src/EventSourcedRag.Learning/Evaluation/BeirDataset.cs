using System.Globalization;
using System.Text.Json;

namespace EventSourcedRag.Learning.Evaluation;

/// <summary>A test collection in BEIR layout: corpus.jsonl, queries.jsonl and qrels/&lt;split&gt;.tsv.</summary>
public sealed record BeirDataset(
    string Name,
    IReadOnlyList<BeirDocument> Corpus,
    IReadOnlyList<BeirQuery> Queries,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Qrels)
{
    /// <summary>Loads the corpus and the queries judged in <paramref name="split"/> (only those are evaluated).</summary>
    /// <exception cref="InvalidDataException">A file is missing or a line is malformed; the message names it.</exception>
    public static BeirDataset Load(string directory, string split)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"Dataset folder not found: {directory}");
        var qrelsPath = Path.Combine(directory, "qrels", split + ".tsv");
        var qrels = ReadQrels(Required(qrelsPath));
        var corpus = ReadJsonLines(Required(Path.Combine(directory, "corpus.jsonl")))
            .Select(e => new BeirDocument(Text(e, "_id"), OptionalText(e, "title"), OptionalText(e, "text")))
            .ToList();
        var queries = ReadJsonLines(Required(Path.Combine(directory, "queries.jsonl")))
            .Select(e => new BeirQuery(Text(e, "_id"), Text(e, "text")))
            .Where(q => qrels.ContainsKey(q.Id))
            .ToList();
        return new BeirDataset(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)), corpus, queries, qrels);
    }

    private static string Required(string path) => File.Exists(path) ? path : throw new FileNotFoundException($"Missing dataset file: {path}");

    private static Dictionary<string, IReadOnlyDictionary<string, int>> ReadQrels(string path)
    {
        var byQuery = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("query-id", StringComparison.Ordinal))) continue;
            var parts = line.Split('\t');
            if (parts.Length < 3 || !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var grade))
                throw new InvalidDataException($"{path}:{lineNumber}: expected 'query-id<TAB>corpus-id<TAB>score'.");
            if (!byQuery.TryGetValue(parts[0], out var docs)) byQuery[parts[0]] = docs = new(StringComparer.Ordinal);
            docs[parts[1]] = grade;
        }
        return byQuery.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value, StringComparer.Ordinal);
    }

    private static IEnumerable<JsonElement> ReadJsonLines(string path)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonElement element;
            try { element = JsonDocument.Parse(line).RootElement; }
            catch (JsonException ex) { throw new InvalidDataException($"{path}:{lineNumber}: {ex.Message}"); }
            yield return element;
        }
    }

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new InvalidDataException($"A line lacks the string field '{name}'.");

    private static string OptionalText(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}
