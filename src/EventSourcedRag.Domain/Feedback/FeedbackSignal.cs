namespace EventSourcedRag.Domain.Feedback;

/// <summary>What a user did, as a closed set of records; the decider turns each into its event.</summary>
public abstract record FeedbackSignal
{
    private FeedbackSignal() { }

    /// <summary>Stable wire name, used in the API and in derived idempotency keys.</summary>
    public abstract string Kind { get; }

    /// <summary>What the signal is about beyond its kind, so two different clicks never share a derived key.</summary>
    public virtual string Target => "";

    public sealed record Click(Guid ChunkId, int? Position) : FeedbackSignal
    {
        public override string Kind => "click";
        public override string Target => ChunkId.ToString("N");
    }

    public sealed record Dwell(Guid? ChunkId, double Seconds) : FeedbackSignal
    {
        public override string Kind => "dwell";
        public override string Target => ChunkId?.ToString("N") ?? "";
    }

    public sealed record Copy(Guid? ChunkId) : FeedbackSignal
    {
        public override string Kind => "copy";
        public override string Target => ChunkId?.ToString("N") ?? "";
    }

    public sealed record Share(string? Channel) : FeedbackSignal
    {
        public override string Kind => "share";
        public override string Target => Channel ?? "";
    }

    public sealed record ThumbsUp(string? Comment) : FeedbackSignal
    {
        public override string Kind => "thumbs_up";
    }

    public sealed record ThumbsDown(string? Comment) : FeedbackSignal
    {
        public override string Kind => "thumbs_down";
    }

    public sealed record Rating(int Stars, string? Comment) : FeedbackSignal
    {
        public override string Kind => "rating";
    }

    public sealed record WrongSource(Guid ChunkId, string? Comment) : FeedbackSignal
    {
        public override string Kind => "wrong_source";
        public override string Target => ChunkId.ToString("N");
    }

    public sealed record MissingInfo(string? Comment) : FeedbackSignal
    {
        public override string Kind => "missing_info";
    }

    public sealed record SuggestSource(Guid ChunkId, string? Comment) : FeedbackSignal
    {
        public override string Kind => "suggested_source";
        public override string Target => ChunkId.ToString("N");
    }

    public sealed record Reformulation(Guid FollowUpResponseId) : FeedbackSignal
    {
        public override string Kind => "reformulation";
        public override string Target => FollowUpResponseId.ToString("N");
    }

    public sealed record Abandonment : FeedbackSignal
    {
        public override string Kind => "abandon";
    }
}
