using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Domain.Feedback;

namespace EventSourcedRag.Api.Features.Feedback;

public static class FeedbackRequests
{
    public static readonly string[] Types =
        ["click", "dwell", "copy", "share", "thumbs_up", "thumbs_down", "rating", "wrong_source", "missing_info", "suggested_source", "reformulation", "abandon"];

    /// <summary>
    /// The signal a request names, its values checked here: feedback is stored in batches after the response, so a value
    /// the decider would refuse must get its 400 now (issue 24: stars 99 answered 200 with stored:false).
    /// </summary>
    public static FeedbackSignal ToSignal(FeedbackRequest r)
    {
        if (r.Stars is < 1 or > 5) throw new InvalidRequest("invalid_rating", "'stars' is 1 to 5.");
        if (r.Position is < 1) throw new InvalidRequest("invalid_position", "'position' is the 1-based rank the source was shown at.");
        if (r.Seconds is { } seconds && !(seconds > 0 && seconds <= QueryDecider.MaxDwellSeconds))
            throw new InvalidRequest("invalid_dwell", $"'seconds' is more than 0 and at most {QueryDecider.MaxDwellSeconds}.");
        if (r.Comment is { Length: > QueryDecider.MaxCommentLength }) throw new InvalidRequest("invalid_comment", $"'comment' is at most {QueryDecider.MaxCommentLength} characters.");
        return Signal(r);
    }

    private static FeedbackSignal Signal(FeedbackRequest r) => r.Type switch
    {
        "click" => new FeedbackSignal.Click(Required(r.ChunkId, "chunk_id", r.Type), r.Position),
        "dwell" => new FeedbackSignal.Dwell(r.ChunkId, Required(r.Seconds, "seconds", r.Type)),
        "copy" => new FeedbackSignal.Copy(r.ChunkId),
        "share" => new FeedbackSignal.Share(r.Channel),
        "thumbs_up" => new FeedbackSignal.ThumbsUp(r.Comment),
        "thumbs_down" => new FeedbackSignal.ThumbsDown(r.Comment),
        "rating" => new FeedbackSignal.Rating(Required(r.Stars, "stars", r.Type), r.Comment),
        "wrong_source" => new FeedbackSignal.WrongSource(Required(r.ChunkId, "chunk_id", r.Type), r.Comment),
        "missing_info" => new FeedbackSignal.MissingInfo(r.Comment),
        "suggested_source" => new FeedbackSignal.SuggestSource(Required(r.ChunkId, "chunk_id", r.Type), r.Comment),
        "reformulation" => new FeedbackSignal.Reformulation(Required(r.FollowUpResponseId, "follow_up_response_id", r.Type)),
        "abandon" => new FeedbackSignal.Abandonment(),
        null => throw new InvalidRequest("missing_type", $"'type' is required: one of {string.Join(", ", Types)}."),
        _ => throw new InvalidRequest("unknown_type", $"Unknown feedback type '{r.Type}': expected one of {string.Join(", ", Types)}."),
    };

    private static T Required<T>(T? value, string field, string type) where T : struct =>
        value ?? throw new InvalidRequest("missing_field", $"'{field}' is required for feedback of type '{type}'.");
}
