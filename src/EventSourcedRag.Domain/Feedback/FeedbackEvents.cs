namespace EventSourcedRag.Domain.Feedback;

// Feedback events live on the query stream of the response they are about.
// FeedbackKey makes a retried submission a no-op; At is the server's time, ClientAt the client's claim.

/// <summary>Common shape of every feedback event.</summary>
public interface IFeedbackEvent
{
    Guid ResponseId { get; }
    string FeedbackKey { get; }
    DateTimeOffset? ClientAt { get; }
    DateTimeOffset At { get; }
}

public sealed record SourceClicked(Guid ResponseId, string FeedbackKey, Guid ChunkId, int Position, DateTimeOffset? ClientAt, DateTimeOffset At) : IFeedbackEvent;

/// <summary>Time spent on the answer (no chunk) or on one opened source.</summary>
public sealed record DwellRecorded(Guid ResponseId, string FeedbackKey, Guid? ChunkId, double Seconds, DateTimeOffset? ClientAt, DateTimeOffset At) : IFeedbackEvent;

public sealed record AnswerCopied(Guid ResponseId, string FeedbackKey, Guid? ChunkId, DateTimeOffset? ClientAt, DateTimeOffset At) : IFeedbackEvent;

public sealed record AnswerShared(Guid ResponseId, string FeedbackKey, string? Channel, DateTimeOffset? ClientAt, DateTimeOffset At) : IFeedbackEvent;

public sealed record ThumbsUpGiven(Guid ResponseId, string FeedbackKey, string? Comment, DateTimeOffset? ClientAt, DateTimeOffset At) : IFeedbackEvent;

public sealed record ThumbsDownGiven(Guid ResponseId, string FeedbackKey, string? Comment, DateTimeOffset? ClientAt, DateTimeOffset At) : IFeedbackEvent;

public sealed record AnswerRated(Guid ResponseId, string FeedbackKey, int Stars, string? Comment, DateTimeOffset? ClientAt, DateTimeOffset At) : IFeedbackEvent;

public sealed record WrongSourceFlagged(Guid ResponseId, string FeedbackKey, Guid ChunkId, int Position, string? Comment, DateTimeOffset? ClientAt, DateTimeOffset At) : IFeedbackEvent;

public sealed record MissingInfoFlagged(Guid ResponseId, string FeedbackKey, string? Comment, DateTimeOffset? ClientAt, DateTimeOffset At) : IFeedbackEvent;

/// <summary>The user named a chunk that should have been shown: an explicit positive.</summary>
public sealed record SourceSuggested(Guid ResponseId, string FeedbackKey, Guid ChunkId, string? Comment, DateTimeOffset? ClientAt, DateTimeOffset At) : IFeedbackEvent;

/// <summary>The user asked again; <see cref="FollowUpResponseId"/> is the response to the new wording.</summary>
public sealed record QueryReformulated(Guid ResponseId, string FeedbackKey, Guid FollowUpResponseId, DateTimeOffset? ClientAt, DateTimeOffset At) : IFeedbackEvent;

public sealed record QueryAbandoned(Guid ResponseId, string FeedbackKey, DateTimeOffset? ClientAt, DateTimeOffset At) : IFeedbackEvent;
