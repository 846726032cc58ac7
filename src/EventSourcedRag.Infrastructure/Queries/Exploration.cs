using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>
/// Users can only click what they are shown, so a learner that never shows what it is unsure about never learns
/// it. A share of responses shows one candidate from just below the cut in place of the lower shown results; the
/// share is higher for questions whose earlier askers chose nothing from what they were shown.
/// </summary>
/// <remarks>
/// Every draw is a salted hash of the response id, so the live host and an auditor's replay explore alike, and
/// among the responses to one question under one policy, which explore is independent of anything else (explored
/// and unexplored responses compare as a randomised experiment: that is how the loop measures exploration's cost). The cost is capped by construction:
/// one result per explored response, never above <see cref="ExplorationPolicy.FromPosition"/>.
/// </remarks>
public static class Exploration
{
    /// <summary>The first <paramref name="topK"/> of <paramref name="ranked"/>, with one pool candidate shown when this response explores.</summary>
    public static (IReadOnlyList<SearchHit> Shown, ExploredResult? Explored) Apply(IReadOnlyList<SearchHit> ranked, int topK, Exploring exploring)
    {
        var (responseId, policy) = exploring;
        var shown = ranked.Take(topK).ToList();
        var pool = ranked.Skip(topK).Take(policy.Pool).ToList();
        if (shown.Count < topK || pool.Count == 0 || policy.FromPosition > topK || !Explores(exploring)) return (shown, null);

        var pick = (int)(Draw(responseId, "pick") * pool.Count);
        var slots = topK - policy.FromPosition + 1;
        var position = policy.FromPosition + (int)(Draw(responseId, "slot") * slots);
        shown.Insert(position - 1, pool[pick]);
        shown.RemoveAt(shown.Count - 1);
        var renumbered = shown.Select((h, i) => h with { Position = i + 1 }).ToList();
        return (renumbered, new ExploredResult(position, pool[pick].Chunk.ChunkId, topK + pick + 1, policy.Share / pool.Count / slots));
    }

    /// <summary>
    /// The policy for a query showing <paramref name="topK"/> results: the lower half of them are open, unless configured,
    /// and never the first (a client asking for one result gets the best one). A question whose earlier askers were
    /// shown lists (<paramref name="earlier"/>) and rarely chose anything explores at the higher uncertain share.
    /// </summary>
    public static ExplorationPolicy? PolicyFor(ExplorationOptions options, int topK, (long Shown, long Chosen) earlier = default)
    {
        var uncertain = options.UncertainShare > options.Share && earlier.Shown >= options.UncertainAfter
                        && earlier.Chosen <= options.UncertainBelow * earlier.Shown;
        var share = uncertain ? options.UncertainShare : options.Share;
        return share <= 0 ? null : new ExplorationPolicy(share, options.Pool, options.FromPosition ?? Math.Max(2, topK / 2 + 1), uncertain);
    }

    /// <summary>
    /// Whether this response is one of the policy's share. Drawn apart from the ranking, so a planner asks for the pool
    /// below the cut only for the responses that will use it.
    /// </summary>
    public static bool Explores(Exploring exploring) => Draw(exploring.ResponseId, "explore") < exploring.Policy.Share;

    private static double Draw(Guid responseId, string purpose) => Assignment.Point("exploration:" + purpose, responseId.ToString("N"));
}
