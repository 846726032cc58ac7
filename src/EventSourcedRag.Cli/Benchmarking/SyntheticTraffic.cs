using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;

namespace EventSourcedRag.Cli.Benchmarking;

/// <summary>
/// Seeded, realistic-looking traffic for load and rebuild benchmarks: Zipf-distributed questions from a few
/// thousand users, ten results per answer from a 20,000-chunk corpus, and feedback from a cascade click model
/// (clicks, dwell, thumbs, ratings, copies, shares, flags, reformulations, abandonment) — about five events per
/// response. The events are the command side's records, appended as the services append them.
/// </summary>
public sealed class SyntheticTraffic(int seed)
{
    private const int Queries = 3000, Users = 5000, Chunks = 20_000, Shown = 10;
    private readonly Random _random = new(seed);
    private readonly DateTimeOffset _start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private long _clock;

    public static Guid ChunkId(int i) => new($"{i:D8}-0000-4000-8000-{i:D12}");
    public static Guid DocumentId(int i) => new($"{i / 4:D8}-0000-4000-9000-{i / 4:D12}");

    /// <summary>The events of one response (its three query events and the user's feedback), and its top chunk.</summary>
    public (Guid ResponseId, List<object> Events, int TopChunk) Response()
    {
        var id = Guid.CreateVersion7(At);
        var query = Zipf(Queries);
        var text = $"question {query} about topic {query % 97}";
        var events = new List<object>
        {
            new QueryReceived(id, "default", text, text, $"s{_random.Next(Users * 2)}", $"u:{_random.Next(Users):x8}",
                new QueryParameters(Shown, "weighted", QueryFilters.None), new ServingModel("hybrid-bm25-lsa-v1", "lsa-256d", null, "extractive-v1", null, null), At),
        };
        // The same question tends to get the same results, lightly reshuffled as the index changes.
        var baseChunk = query * 7 % Chunks;
        var results = Enumerable.Range(0, Shown).Select(i => (baseChunk + i * 13 + (_random.NextDouble() < 0.2 ? _random.Next(50) : 0)) % Chunks)
            .Distinct().Take(Shown).OrderBy(_ => _random.Next()).ToList();
        events.Add(new ResultsShown(id, 1, results.Select((c, i) => new ShownResult(i + 1, ChunkId(c), DocumentId(c), 1, new StageScores(10 - i, i + 1, 0.5, i + 1, 1.0 / (i + 1), null))).ToList(), At));
        events.Add(new AnswerGenerated(id, "An answer. [1]", [new Citation(1, ChunkId(results[0]), 1)], 0.6, "extractive-v1",
            new StageLatencies(1.5, 0.3, 0, 0.4, 2 + _random.NextDouble() * 20), At));
        events.AddRange(Feedback(id, results));
        return (id, events, results[0]);
    }

    /// <summary>One feedback event on an existing response, for sustained-load runs.</summary>
    public object FeedbackOn(Guid responseId, int chunk, int position) => _random.Next(4) switch
    {
        0 => new SourceClicked(responseId, Key(), ChunkId(chunk), position, null, At),
        1 => new DwellRecorded(responseId, Key(), ChunkId(chunk), 5 + _random.Next(90), null, At),
        2 => new ThumbsUpGiven(responseId, Key(), null, null, At),
        _ => new AnswerRated(responseId, Key(), 1 + _random.Next(5), null, null, At),
    };

    private IEnumerable<object> Feedback(Guid id, List<int> results)
    {
        // Cascade: examine top-down, click an attractive result and stop; relevance falls with rank.
        for (var rank = 1; rank <= results.Count; rank++)
        {
            if (_random.NextDouble() > 0.85) break; // stops examining
            if (_random.NextDouble() < 0.45 / rank)
            {
                yield return new SourceClicked(id, Key(), ChunkId(results[rank - 1]), rank, null, At);
                yield return new DwellRecorded(id, Key(), ChunkId(results[rank - 1]), 5 + _random.Next(120), null, At);
                if (_random.NextDouble() < 0.3) yield return new ThumbsUpGiven(id, Key(), null, null, At);
                yield break;
            }
        }
        var roll = _random.NextDouble();
        if (roll < 0.15) yield return new QueryAbandoned(id, Key(), null, At);
        else if (roll < 0.25) yield return new ThumbsDownGiven(id, Key(), null, null, At);
        else if (roll < 0.32) yield return new WrongSourceFlagged(id, Key(), ChunkId(results[0]), 1, null, null, At);
        else if (roll < 0.40) yield return new AnswerCopied(id, Key(), null, null, At);
        else if (roll < 0.45) yield return new AnswerShared(id, Key(), "slack", null, At);
        else if (roll < 0.55) yield return new AnswerRated(id, Key(), 1 + _random.Next(5), null, null, At);
    }

    private DateTimeOffset At => _start.AddMilliseconds(_clock += 50);

    private string Key() => $"b{_random.NextInt64():x16}";

    private int Zipf(int n)
    {
        // Inverse-CDF sampling of a Zipf(1) distribution over 1..n.
        var u = _random.NextDouble() * Math.Log(n + 1);
        return Math.Min(n, (int)Math.Exp(u));
    }
}
