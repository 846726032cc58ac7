using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Infrastructure.Queries;

namespace EventSourcedRag.Cli.Demo;

/// <summary>
/// A simple, seeded stand-in for a person reading an answer: clicks and dwells on the first relevant source,
/// rates, sometimes copies or shares, flags an irrelevant top source, and gives a thumbs down when nothing
/// relevant was shown (the demo then asks again in other words, and gives up if that fails too).
/// Only used by the demo; the learning experiment has a fuller click model.
/// </summary>
public sealed class SimulatedUser(int seed)
{
    private readonly Random _random = new(seed);

    public IReadOnlyList<FeedbackSignal> React(QueryResponse response, Func<Guid, bool> isRelevant)
    {
        var signals = new List<FeedbackSignal>();
        var hit = response.Sources.FirstOrDefault(s => isRelevant(s.DocumentId));
        if (response.Sources.Count > 0 && !isRelevant(response.Sources[0].DocumentId) && _random.NextDouble() < 0.5)
            signals.Add(new FeedbackSignal.WrongSource(response.Sources[0].ChunkId, "not about my question"));
        if (hit is null)
        {
            signals.Add(new FeedbackSignal.ThumbsDown(null));
            signals.Add(new FeedbackSignal.MissingInfo("the answer is not there"));
            return signals;
        }
        signals.Add(new FeedbackSignal.Click(hit.ChunkId, hit.Position));
        signals.Add(new FeedbackSignal.Dwell(hit.ChunkId, Math.Round(20 + _random.NextDouble() * 70, 1)));
        signals.Add(_random.NextDouble() < 0.7 ? new FeedbackSignal.ThumbsUp(null) : new FeedbackSignal.Rating(_random.Next(4, 6), null));
        if (_random.NextDouble() < 0.3) signals.Add(new FeedbackSignal.Copy(hit.ChunkId));
        if (_random.NextDouble() < 0.1) signals.Add(new FeedbackSignal.Share("chat"));
        return signals;
    }
}
