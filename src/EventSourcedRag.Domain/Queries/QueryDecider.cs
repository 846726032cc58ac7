using EventSourcedRag.Domain.Feedback;

namespace EventSourcedRag.Domain.Queries;

/// <summary>Decides what a query stream records: the served response, then feedback on it. Pure.</summary>
public static class QueryDecider
{
    public const int MaxCommentLength = 2000;
    public const double MaxDwellSeconds = 24 * 3600;

    /// <summary>How a named user's keyed hash begins; anonymous questions carry no such hash.</summary>
    public const string NamedUserPrefix = "u:";

    /// <summary>The window the per-response cap on feedback counts in: fixed, so state folds the same under any configuration.</summary>
    public static readonly TimeSpan FeedbackWindow = TimeSpan.FromHours(1);

    public static object[] Decide(AnswerQuery c, QueryState? state)
    {
        if (state is not null)
            throw new DomainRuleViolated("response_exists", $"Response {c.ResponseId} was already recorded.");
        var positions = c.Results.Select(r => r.Position).ToHashSet();
        if (positions.Count != c.Results.Count)
            throw new DomainRuleViolated("invalid_results", "Two shown results share a position.");
        var dangling = c.Citations.FirstOrDefault(ci => !positions.Contains(ci.Position));
        if (dangling is not null)
            throw new DomainRuleViolated("invalid_citation", $"Citation [{dangling.Number}] points at position {dangling.Position}, which was not shown.");

        var degradations = c.Degradations ?? [];
        if (degradations.Any(d => d.Stage == DegradedStage.Generate) && (c.Answer.Length > 0 || c.Citations.Count > 0))
            throw new DomainRuleViolated("invalid_degradation", "A response whose generator failed carries no answer and no citations.");

        // An auditor reads the expansions as why a document was found: they must name the model that added them.
        if (c.Expansions is { Count: > 0 } expansions)
        {
            if (c.Model.QueryExpansion is null)
                throw new DomainRuleViolated("invalid_expansions", "Expansions were applied but no query-expansion model is named as serving.");
            if (expansions.Any(e => string.IsNullOrEmpty(e.From) || string.IsNullOrEmpty(e.Term) || !(e.Weight > 0)))
                throw new DomainRuleViolated("invalid_expansions", "Every expansion names the word it came from, the word it added and a positive weight.");
        }

        // Steering is learned from one person's choices: a response nobody is named for cannot have been steered.
        if (c.Model.PersonalSteering is not null && !c.UserHash.StartsWith(NamedUserPrefix, StringComparison.Ordinal))
            throw new DomainRuleViolated("invalid_steering", "Only a named user's question is steered; this one names no user.");

        var shown = c.Results.ToDictionary(r => r.Position, r => r.ChunkId);
        CheckExploration(c, shown);
        foreach (var row in c.Features?.Rows ?? [])
        {
            if (!shown.TryGetValue(row.Position, out var chunk) || chunk != row.ChunkId)
                throw new DomainRuleViolated("invalid_features", $"A feature row names chunk {row.ChunkId} at position {row.Position}, which is not what was shown there.");
            if (row.Values.Count != c.Features!.Names.Count)
                throw new DomainRuleViolated("invalid_features", $"The feature row at position {row.Position} has {row.Values.Count} values for {c.Features.Names.Count} names.");
        }

        List<object> events =
        [
            new QueryReceived(c.ResponseId, c.Tenant, c.Text, c.NormalizedText, c.SessionId, c.UserHash, c.Parameters, c.Model, c.Now),
            new ResultsShown(c.ResponseId, c.IndexPosition, c.Results, c.Now, c.ServingPosition, c.DenseFitPosition, c.Expansions, c.Exploration, c.Explored),
        ];
        if (c.Features is { Rows.Count: > 0 } features)
            events.Add(new RankingFeaturesLogged(c.ResponseId, features.Names, features.Rows, c.Now));
        if (degradations.Count > 0)
            events.Add(new QueryDegraded(c.ResponseId, degradations, c.Now));
        events.Add(new AnswerGenerated(c.ResponseId, c.Answer, c.Citations, c.Confidence, c.Model.Generator, c.Latency, c.Now));
        return [.. events];
    }

    /// <summary>
    /// A failure is the only event of its stream. A response already stored as served did not fail, whatever went
    /// wrong after its commit, so it is refused like a second answer.
    /// </summary>
    public static object[] Decide(RecordQueryFailure c, QueryState? state)
    {
        if (state is not null)
            throw new DomainRuleViolated("response_exists", $"Response {c.ResponseId} was already recorded.");
        if (string.IsNullOrWhiteSpace(c.Error))
            throw new DomainRuleViolated("invalid_failure", "A failure says what failed.");
        return [new QueryFailed(c.ResponseId, c.Tenant, c.UserHash, c.SessionId, c.Model, c.Error, c.Now)];
    }

    public static object[] Decide(RecordFeedback c, QueryState? state)
    {
        if (state is null)
            throw new StreamNotFound("Response", c.ResponseId);
        if (state.FeedbackKeys.Contains(c.FeedbackKey))
            return []; // a retry of a submission already stored
        if (state.WindowStart is { } start && c.Now < start + FeedbackWindow && state.WindowSignals >= c.MaxPerWindow)
            throw new FeedbackLimitReached("response", c.MaxPerWindow, start + FeedbackWindow - c.Now);

        return [ToEvent(c, state)];
    }

    // Exploration is what keeps training unbiased: an explored result must say where it was shown, with a
    // probability the policy could give, under a policy that was in force.
    private static void CheckExploration(AnswerQuery c, Dictionary<int, Guid> shown)
    {
        if (c.Exploration is { } policy && (policy.Share is < 0 or > 1 || policy.Pool < 1 || policy.FromPosition < 1))
            throw new DomainRuleViolated("invalid_exploration", "An exploration policy has a share in [0, 1], a pool of at least one and a first position of at least 1.");
        if (c.Explored is not { } explored) return;
        if (c.Exploration is not { } p || explored.Position < p.FromPosition)
            throw new DomainRuleViolated("invalid_exploration", "An explored result is shown under an exploration policy, at or below its first open position.");
        if (!shown.TryGetValue(explored.Position, out var chunk) || chunk != explored.ChunkId)
            throw new DomainRuleViolated("invalid_exploration", $"The explored chunk {explored.ChunkId} is not what was shown at position {explored.Position}.");
        if (!(explored.Propensity > 0 && explored.Propensity <= p.Share) || explored.FromRank <= c.Results.Count)
            throw new DomainRuleViolated("invalid_exploration", "An explored result comes from below the shown ones, with a propensity above 0 and at most the policy's share.");
    }

    private static object ToEvent(RecordFeedback c, QueryState state)
    {
        var (id, key, at, now) = (c.ResponseId, c.FeedbackKey, c.ClientAt, c.Now);
        switch (c.Signal)
        {
            case FeedbackSignal.Click s:
                return new SourceClicked(id, key, s.ChunkId, ShownPosition(state, s.ChunkId, s.Position), at, now);
            case FeedbackSignal.Dwell s:
                if (!(s.Seconds > 0 && s.Seconds <= MaxDwellSeconds))
                    throw new DomainRuleViolated("invalid_dwell", $"Dwell must be more than 0 and at most {MaxDwellSeconds} seconds.");
                if (s.ChunkId is { } dwellChunk) ShownPosition(state, dwellChunk, null);
                return new DwellRecorded(id, key, s.ChunkId, s.Seconds, at, now);
            case FeedbackSignal.Copy s:
                if (s.ChunkId is { } copiedChunk) ShownPosition(state, copiedChunk, null);
                return new AnswerCopied(id, key, s.ChunkId, at, now);
            case FeedbackSignal.Share s:
                return new AnswerShared(id, key, Bounded(s.Channel, 100, "channel"), at, now);
            case FeedbackSignal.ThumbsUp s:
                return new ThumbsUpGiven(id, key, Comment(s.Comment), at, now);
            case FeedbackSignal.ThumbsDown s:
                return new ThumbsDownGiven(id, key, Comment(s.Comment), at, now);
            case FeedbackSignal.Rating s:
                if (s.Stars is < 1 or > 5)
                    throw new DomainRuleViolated("invalid_rating", "A rating is 1 to 5 stars.");
                return new AnswerRated(id, key, s.Stars, Comment(s.Comment), at, now);
            case FeedbackSignal.WrongSource s:
                return new WrongSourceFlagged(id, key, s.ChunkId, ShownPosition(state, s.ChunkId, null), Comment(s.Comment), at, now);
            case FeedbackSignal.MissingInfo s:
                return new MissingInfoFlagged(id, key, Comment(s.Comment), at, now);
            case FeedbackSignal.SuggestSource s:
                return new SourceSuggested(id, key, s.ChunkId, Comment(s.Comment), at, now);
            case FeedbackSignal.Reformulation s:
                if (s.FollowUpResponseId == id)
                    throw new DomainRuleViolated("invalid_reformulation", "A query cannot be its own reformulation.");
                return new QueryReformulated(id, key, s.FollowUpResponseId, at, now);
            case FeedbackSignal.Abandonment:
                return new QueryAbandoned(id, key, at, now);
            default:
                throw new ArgumentException($"Unknown signal {c.Signal.GetType().Name}");
        }
    }

    public static QueryState? Evolve(QueryState? state, object @event) => @event switch
    {
        QueryReceived e => QueryState.Started(e.ResponseId),
        ResultsShown e when state is not null =>
            state with { ShownPositions = state.ShownPositions.SetItems(e.Results.Select(r => KeyValuePair.Create(r.ChunkId, r.Position))) },
        IFeedbackEvent e when state is not null => Counted(state with { FeedbackKeys = state.FeedbackKeys.Add(e.FeedbackKey) }, e.At),
        _ => state,
    };

    // A fixed window opened by the first signal after the last one closed; counted by the server's time of each event.
    private static QueryState Counted(QueryState state, DateTimeOffset at) =>
        state.WindowStart is { } start && at < start + FeedbackWindow
            ? state with { Signals = state.Signals + 1, WindowSignals = state.WindowSignals + 1 }
            : state with { Signals = state.Signals + 1, WindowStart = at, WindowSignals = 1 };

    private static int ShownPosition(QueryState state, Guid chunkId, int? claimed)
    {
        if (!state.ShownPositions.TryGetValue(chunkId, out var position))
            throw new DomainRuleViolated("chunk_not_shown", $"Chunk {chunkId} was not shown in response {state.ResponseId}.");
        if (claimed is { } p && p != position)
            throw new DomainRuleViolated("position_mismatch", $"Chunk {chunkId} was shown at position {position}, not {p}.");
        return position;
    }

    private static string? Comment(string? comment) => Bounded(comment, MaxCommentLength, "comment");

    private static string? Bounded(string? text, int max, string name) =>
        text is { Length: var n } && n > max
            ? throw new DomainRuleViolated("too_long", $"The {name} is longer than {max} characters.")
            : text;
}
