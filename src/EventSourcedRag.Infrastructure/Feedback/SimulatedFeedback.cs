using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Learning.Simulation;

namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>What a simulated user's actions on a response are as feedback signals: the calls an API client would make.</summary>
public static class SimulatedFeedback
{
    public static IEnumerable<FeedbackSignal> Signals(QueryResponse response, UserAction action)
    {
        switch (action)
        {
            case UserAction.Click c:
                var clicked = response.Sources[c.Position - 1];
                yield return new FeedbackSignal.Click(clicked.ChunkId, c.Position);
                yield return new FeedbackSignal.Dwell(clicked.ChunkId, c.DwellSeconds);
                break;
            case UserAction.Copy c:
                yield return new FeedbackSignal.Copy(response.Sources[c.Position - 1].ChunkId);
                break;
            case UserAction.WrongSource w:
                yield return new FeedbackSignal.WrongSource(response.Sources[w.Position - 1].ChunkId, "not about my question");
                break;
            case UserAction.Thumbs { Up: true }:
                yield return new FeedbackSignal.ThumbsUp(null);
                break;
            case UserAction.Thumbs:
                yield return new FeedbackSignal.ThumbsDown(null);
                break;
            case UserAction.Rating r:
                yield return new FeedbackSignal.Rating(r.Stars, null);
                break;
            case UserAction.Abandon:
                yield return new FeedbackSignal.Abandonment();
                break;
        }
    }

    /// <summary>Records every signal of the actions, in order, through the command side.</summary>
    public static async Task RecordAsync(FeedbackService feedback, QueryResponse response, IEnumerable<UserAction> actions, Platform.EventStore.EventMetadata metadata, CancellationToken ct)
    {
        foreach (var action in actions)
            foreach (var signal in Signals(response, action))
                await feedback.RecordAsync(response.ResponseId, signal, null, null, metadata, ct);
    }
}
