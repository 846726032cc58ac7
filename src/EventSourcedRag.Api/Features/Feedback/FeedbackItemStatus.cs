namespace EventSourcedRag.Api.Features.Feedback;

/// <summary>What became of one signal of a batch (written snake_case: stored, duplicate, rejected).</summary>
public enum FeedbackItemStatus
{
    Stored,
    Duplicate,
    Rejected,
}
