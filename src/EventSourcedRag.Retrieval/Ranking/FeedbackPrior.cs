namespace EventSourcedRag.Retrieval.Ranking;

/// <summary>
/// What earlier users did with a candidate, as known when a query is served. The search core cannot know this
/// (it is a projection of the feedback events); the serving host passes a lookup in the search request.
/// </summary>
/// <param name="QueryCtr">Clicks on this chunk for this normalised query over its expected examinations.</param>
/// <param name="QueryExaminations">Expected examinations of this chunk for this query (impressions weighted by examination probability).</param>
/// <param name="QuerySkips">Share of this chunk's impressions for this query in which it was passed over for a result below it.</param>
/// <param name="ChunkCtr">Clicks on this chunk for any query over its expected examinations.</param>
public readonly record struct FeedbackPrior(float QueryCtr, float QueryExaminations, float QuerySkips, float ChunkCtr)
{
    public static readonly FeedbackPrior None = default;
}
