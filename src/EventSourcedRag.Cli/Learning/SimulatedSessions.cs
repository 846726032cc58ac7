using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Feedback;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Learning.Simulation;

namespace EventSourcedRag.Cli.Learning;

/// <summary>
/// Plays simulated users against the real command side: each session asks through <see cref="QueryService"/> and
/// records what the <see cref="ClickModel"/> did through <see cref="FeedbackService"/>, so the events are written
/// exactly as an API client's would be. The judgements stay here; the product only ever sees the events.
/// </summary>
public sealed class SimulatedSessions(
    QueryService queries, FeedbackService feedback, ServingStateFeeder serving, UserHasher hasher, ClickModel users,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> qrels, IReadOnlyDictionary<Guid, List<string>> beirIds,
    string tenant, int seed)
{
    private const int Users = 500;
    private readonly Random _random = new(seed);
    private int _session;
    private ExplorationTally _tally = new();

    /// <summary>What exploration cost the users since the last call, and a fresh tally.</summary>
    public ExplorationCost TakeExplorationCost()
    {
        var cost = _tally.Cost;
        _tally = new ExplorationTally();
        return cost;
    }

    /// <summary>Plays <paramref name="count"/> sessions on queries drawn uniformly from <paramref name="pool"/>.</summary>
    public async Task PlayAsync(IReadOnlyList<BeirQuery> pool, int count, Action onSession, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            var query = pool[_random.Next(pool.Count)];
            var user = $"sim-user-{_random.Next(Users)}";
            var session = $"sim-session-{++_session}";
            var metadata = new EventMetadata(tenant, $"simulator:{user}", session);
            var response = await AskAsync(query.Text, user, session, metadata, ct);
            var grades = Grades(query, response);
            var actions = users.Play(grades);
            Tally(query, query.Text, response, grades, actions);
            if (actions.Any(a => a is UserAction.Reformulate))
            {
                // The follow-up is a session of its own; if it fails too, the user gives up there.
                var followUpText = users.Reformulate(query.Text);
                var followUp = await AskAsync(followUpText, user, session, metadata, ct);
                var followGrades = Grades(query, followUp);
                var followActions = users.Play(followGrades).Select(a => a is UserAction.Reformulate ? new UserAction.Abandon() : a).ToList();
                Tally(query, followUpText, followUp, followGrades, followActions);
                await RecordAsync(followUp, followActions, metadata, ct);
                await RecordAsync(response, actions.Where(a => a is not UserAction.Reformulate).ToList(), metadata, ct);
                await feedback.RecordAsync(response.ResponseId, new FeedbackSignal.Reformulation(followUp.ResponseId), null, null, metadata, ct);
            }
            else await RecordAsync(response, actions, metadata, ct);
            onSession();
        }
    }

    // Priors are brought up to date first, so a session sees every earlier session's feedback, whatever the timing.
    private async Task<QueryResponse> AskAsync(string text, string user, string session, EventMetadata metadata, CancellationToken ct)
    {
        await serving.CatchUpAsync(ct);
        return await queries.AskAsync(new QueryRequest(text, users.Options.Shown, null, QueryFilters.None, session, hasher.Hash(tenant, user)), metadata, ct);
    }

    private int[] Grades(BeirQuery query, QueryResponse response)
    {
        var judged = qrels[query.Id];
        return response.Sources.Select(s => beirIds.GetValueOrDefault(s.DocumentId, []).Select(id => judged.GetValueOrDefault(id)).DefaultIfEmpty(0).Max()).ToArray();
    }

    // An explored response against the same question ranked again now without exploration: the serving state is
    // the one it was served from (nothing else writes meanwhile), so the difference is exploration's alone.
    private void Tally(BeirQuery query, string text, QueryResponse response, int[] grades, IReadOnlyList<UserAction> actions)
    {
        _tally.Responses++;
        if (response.ModelInfo.Explored is not { } explored) return;
        var judged = qrels[query.Id];
        var unexplored = queries.Rank(new QueryRequest(text, users.Options.Shown, null, QueryFilters.None, null, null), tenant).Hits;
        var shownNdcg = RankingMetrics.NdcgAt(JudgedQueries.RankedIds(response.Sources.Select(s => s.DocumentId), beirIds), judged, 10);
        var unexploredNdcg = RankingMetrics.NdcgAt(JudgedQueries.RankedIds(unexplored.Select(h => h.Chunk.DocumentId), beirIds), judged, 10);
        _tally.Explored++;
        _tally.Loss += unexploredNdcg - shownNdcg;
        if (grades[explored.Position - 1] > 0) _tally.ExploredRelevant++;
        if (actions.Any(a => a is UserAction.Click c && c.Position == explored.Position)) _tally.ClicksOnExplored++;
    }

    private sealed class ExplorationTally
    {
        public int Responses, Explored, ExploredRelevant, ClicksOnExplored;
        public double Loss;

        public ExplorationCost Cost => new(Responses, Explored, ExploredRelevant, ClicksOnExplored,
            Explored == 0 ? 0 : Math.Round(Loss / Explored, 4), Responses == 0 ? 0 : Math.Round(Loss / Responses, 5));
    }

    private Task RecordAsync(QueryResponse response, IReadOnlyList<UserAction> actions, EventMetadata metadata, CancellationToken ct) =>
        SimulatedFeedback.RecordAsync(feedback, response, actions, metadata, ct);
}
