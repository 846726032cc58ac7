using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Projections.ReadModels;

namespace EventSourcedRag.Projections.Tests.ReadModels;

/// <summary>Builds an event history the way the command side writes it, for Given/When/Then tests of read models.</summary>
public sealed class History
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly List<ProjectedEvent> _events = [];
    private readonly Dictionary<Guid, long> _versions = [];

    public IReadOnlyList<ProjectedEvent> Events => _events;

    public static Guid Chunk(int i) => Guid.Parse($"c0000000-0000-0000-0000-{i:D12}");
    public static Guid Document(int i) => Guid.Parse($"d0000000-0000-0000-0000-{i:D12}");

    /// <summary>A response showing chunks 1..<paramref name="shown"/> (chunk i of document i at position i), citing the first <paramref name="cited"/>.</summary>
    public Guid Ask(string query, int shown = 5, int cited = 1, string user = "u:1", string? experiment = null, string? variant = null, string tenant = "default",
        int[]? chunks = null, int? stage = null, string? unit = null)
    {
        var id = Guid.CreateVersion7();
        var order = chunks ?? Enumerable.Range(1, shown).ToArray();
        Add(id, tenant, new QueryReceived(id, tenant, query, query.ToLowerInvariant(), "s", user, new QueryParameters(5, "weighted", QueryFilters.None),
            new ServingModel("hybrid-v1", "lsa", null, "extractive-v1", experiment, variant, null, stage, unit), At));
        Add(id, tenant, new ResultsShown(id, 1, order.Select((c, i) => new ShownResult(i + 1, Chunk(c), Document(c), 1, new StageScores(1, 1, null, null, 1, null))).ToList(), At));
        Add(id, tenant, new AnswerGenerated(id, "answer", order.Take(cited).Select((c, i) => new Citation(i + 1, Chunk(c), i + 1)).ToList(), 0.5, "extractive-v1",
            new StageLatencies(1, 1, 0, 1, 3 + _events.Count % 40), At));
        return id;
    }

    /// <summary>A query that failed after it was received, in an experiment arm.</summary>
    public Guid Fail(string user, string experiment, string variant, int stage, string tenant = "default")
    {
        var id = Guid.CreateVersion7();
        Add(id, tenant, new QueryFailed(id, tenant, user, "s", new ServingModel("auto", "unknown", null, "extractive-v1", experiment, variant, null, stage, user), "TimeoutException: slow", At));
        return id;
    }

    public History Feedback(Guid response, Func<Guid, string, DateTimeOffset, IFeedbackEvent> create, string tenant = "default")
    {
        Add(response, tenant, create(response, $"k{_events.Count}", At));
        return this;
    }

    public History Click(Guid r, int chunk, int position) => Feedback(r, (id, k, at) => new SourceClicked(id, k, Chunk(chunk), position, null, at));
    public History Dwell(Guid r, int? chunk, double seconds) => Feedback(r, (id, k, at) => new DwellRecorded(id, k, chunk is { } c ? Chunk(c) : null, seconds, null, at));
    public History ThumbsUp(Guid r) => Feedback(r, (id, k, at) => new ThumbsUpGiven(id, k, null, null, at));
    public History ThumbsDown(Guid r) => Feedback(r, (id, k, at) => new ThumbsDownGiven(id, k, null, null, at));
    public History Copy(Guid r, int? chunk) => Feedback(r, (id, k, at) => new AnswerCopied(id, k, chunk is { } c ? Chunk(c) : null, null, at));
    public History WrongSource(Guid r, int chunk, int position) => Feedback(r, (id, k, at) => new WrongSourceFlagged(id, k, Chunk(chunk), position, null, null, at));
    public History Abandon(Guid r) => Feedback(r, (id, k, at) => new QueryAbandoned(id, k, null, at));
    public History Rate(Guid r, int stars) => Feedback(r, (id, k, at) => new AnswerRated(id, k, stars, null, null, at));

    public T Fold<T>(T model) where T : ReadModel
    {
        foreach (var e in _events) model.Apply(e);
        return model;
    }

    private DateTimeOffset At => Start.AddSeconds(_events.Count);

    private void Add(Guid stream, string tenant, object data)
    {
        var version = _versions[stream] = _versions.GetValueOrDefault(stream) + 1;
        _events.Add(new ProjectedEvent(_events.Count + 1, Guid.CreateVersion7(), stream, version, tenant, At, "u:1", data));
    }
}
