using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Serving;

namespace EventSourcedRag.Infrastructure.Tests.Serving;

/// <summary>The query and feedback events of tenant "t1" as a host's priors fold them.</summary>
internal static class ServedEvents
{
    public static readonly DateTimeOffset At = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A response to <paramref name="query"/> by <paramref name="user"/> showing <paramref name="shown"/> in order; its id.</summary>
    public static Guid Serve(FeedbackPriors priors, string query, string user, params Guid[] shown)
    {
        var response = Guid.NewGuid();
        priors.Apply("t1", new QueryReceived(response, "t1", query, query, null, user, new QueryParameters(10, "rrf", QueryFilters.None),
            new ServingModel("hybrid", "lsa", null, "extractive", null, null), At));
        priors.Apply("t1", new ResultsShown(response, 1, shown.Select((c, i) => new ShownResult(i + 1, c, Guid.Empty, 1, new StageScores(null, null, null, null, 0, null))).ToList(), At));
        return response;
    }

    public static void Click(FeedbackPriors priors, Guid response, Guid chunk, int position) =>
        priors.Apply("t1", new SourceClicked(response, $"k{Guid.NewGuid():N}", chunk, position, null, At));
}
