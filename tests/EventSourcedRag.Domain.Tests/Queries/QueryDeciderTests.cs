using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;

namespace EventSourcedRag.Domain.Tests.Queries;

public class QueryDeciderTests
{
    private static readonly Guid Response = Guid.Parse("22222222-2222-2222-2222-222222222222");
    private static readonly Guid ChunkA = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000000");
    private static readonly Guid ChunkB = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000000");
    private static readonly Guid Unshown = Guid.Parse("cccccccc-0000-0000-0000-000000000000");
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly ServingModel Model = new("hybrid", "lsa", null, "extractive-v1", null, null);
    private static readonly QueryParameters Parameters = new(5, "rrf", QueryFilters.None);
    private static readonly ShownResult[] Shown =
    [
        new(1, ChunkA, Guid.Empty, 1, new StageScores(3.2, 1, 0.8, 2, 0.03, null)),
        new(2, ChunkB, Guid.Empty, 1, new StageScores(2.1, 2, 0.9, 1, 0.03, null)),
    ];

    private static readonly object[] Served =
    [
        new QueryReceived(Response, "acme", "Q?", "q?", "s1", "u:1", Parameters, Model, Now),
        new ResultsShown(Response, 10, Shown, Now),
        new AnswerGenerated(Response, "A [1].", [new Citation(1, ChunkA, 1)], 0.7, "extractive-v1", new StageLatencies(1, 0.1, 0, 0.5, 2), Now),
    ];

    private static DeciderSpecification<QueryState?, RecordFeedback> Feedback() => new(QueryDecider.Decide, QueryDecider.Evolve, null);

    private static RecordFeedback Command(FeedbackSignal signal, string key = "k1") => new(Response, key, signal, null, Now);

    [Fact]
    public void Given_nothing_When_a_query_is_answered_Then_received_shown_and_answered_are_recorded()
    {
        var command = new AnswerQuery(Response, "acme", "Q?", "q?", "s1", "u:1", Parameters, Model, 10, Shown, "A [1].",
            [new Citation(1, ChunkA, 1)], 0.7, new StageLatencies(1, 0.1, 0, 0.5, 2), Now);
        new DeciderSpecification<QueryState?, AnswerQuery>(QueryDecider.Decide, QueryDecider.Evolve, null).Given().When(command).Then(Served);
    }

    [Fact]
    public void Given_nothing_When_a_query_is_answered_with_feature_rows_Then_they_are_logged_between_shown_and_answered()
    {
        var features = new RankingFeatureLog(["bm25", "dense"], [new LoggedFeatures(1, ChunkA, [3.2f, 0.8f]), new LoggedFeatures(2, ChunkB, [2.1f, 0.9f])]);
        var command = new AnswerQuery(Response, "acme", "Q?", "q?", "s1", "u:1", Parameters, Model, 10, Shown, "A [1].",
            [new Citation(1, ChunkA, 1)], 0.7, new StageLatencies(1, 0.1, 0, 0.5, 2), Now, features);

        new DeciderSpecification<QueryState?, AnswerQuery>(QueryDecider.Decide, QueryDecider.Evolve, null).Given().When(command)
            .Then(Served[0], Served[1], new RankingFeaturesLogged(Response, ["bm25", "dense"], features.Rows, Now), Served[2]);
    }

    [Fact]
    public void Given_nothing_When_a_query_is_served_without_its_generator_Then_the_degradation_precedes_an_empty_answer()
    {
        Degradation[] degraded = [new(DegradedStage.Generate, "extractive-v1", "TimeoutException: no answer within 2 s")];
        var command = new AnswerQuery(Response, "acme", "Q?", "q?", "s1", "u:1", Parameters, Model, 10, Shown, "", [], 0,
            new StageLatencies(1, 0.1, 0, 2000, 2002), Now, Degradations: degraded);

        new DeciderSpecification<QueryState?, AnswerQuery>(QueryDecider.Decide, QueryDecider.Evolve, null).Given().When(command).Then(
            Served[0], Served[1], new QueryDegraded(Response, degraded, Now),
            new AnswerGenerated(Response, "", [], 0, "extractive-v1", new StageLatencies(1, 0.1, 0, 2000, 2002), Now));
    }

    [Fact]
    public void Given_nothing_When_a_query_is_answered_with_learned_expansions_Then_the_shown_results_record_them_and_the_model()
    {
        ExpansionApplied[] expansions = [new("cancel", "refund", 0.9), new("cancel", "return", 0.4)];
        var model = Model with { QueryExpansion = "expansion-0123456789ab" };
        var command = new AnswerQuery(Response, "acme", "Q?", "q?", "s1", "u:1", Parameters, model, 10, Shown, "A [1].",
            [new Citation(1, ChunkA, 1)], 0.7, new StageLatencies(1, 0.1, 0, 0.5, 2), Now, Expansions: expansions);

        new DeciderSpecification<QueryState?, AnswerQuery>(QueryDecider.Decide, QueryDecider.Evolve, null).Given().When(command).Then(
            ((QueryReceived)Served[0]) with { Model = model }, ((ResultsShown)Served[1]) with { Expansions = expansions },
            ((AnswerGenerated)Served[2]));
    }

    [Fact]
    public void Given_nothing_When_a_named_users_query_is_steered_Then_the_model_records_the_steering()
    {
        var model = Model with { PersonalSteering = "steering-0123456789ab" };
        var command = new AnswerQuery(Response, "acme", "Q?", "q?", "s1", "u:1", Parameters, model, 10, Shown, "A [1].",
            [new Citation(1, ChunkA, 1)], 0.7, new StageLatencies(1, 0.1, 0, 0.5, 2), Now);

        new DeciderSpecification<QueryState?, AnswerQuery>(QueryDecider.Decide, QueryDecider.Evolve, null).Given().When(command).Then(
            ((QueryReceived)Served[0]) with { Model = model }, Served[1], Served[2]);
    }

    [Fact]
    public void Given_nothing_When_an_anonymous_query_claims_personal_steering_Then_it_is_refused()
    {
        var command = new AnswerQuery(Response, "acme", "Q?", "q?", "s1", "anonymous", Parameters, Model with { PersonalSteering = "steering-0123456789ab" }, 10,
            Shown, "A [1].", [new Citation(1, ChunkA, 1)], 0.7, new StageLatencies(1, 0.1, 0, 0.5, 2), Now);

        new DeciderSpecification<QueryState?, AnswerQuery>(QueryDecider.Decide, QueryDecider.Evolve, null).Given().When(command)
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("invalid_steering");
    }

    [Fact]
    public void Given_nothing_When_a_query_is_answered_with_an_explored_result_Then_the_shown_results_record_the_policy_and_its_propensity()
    {
        var policy = new ExplorationPolicy(0.1, 20, 2);
        var explored = new ExploredResult(2, ChunkB, 7, 0.1 / 20);
        var command = new AnswerQuery(Response, "acme", "Q?", "q?", "s1", "u:1", Parameters, Model, 10, Shown, "A [1].",
            [new Citation(1, ChunkA, 1)], 0.7, new StageLatencies(1, 0.1, 0, 0.5, 2), Now, Exploration: policy, Explored: explored);

        new DeciderSpecification<QueryState?, AnswerQuery>(QueryDecider.Decide, QueryDecider.Evolve, null).Given().When(command).Then(
            Served[0], ((ResultsShown)Served[1]) with { Exploration = policy, Explored = explored }, Served[2]);
    }

    [Theory]
    [InlineData(2, "b", 7, 0.005, true)]   // no policy in force
    [InlineData(1, "a", 7, 0.005, false)]  // above the policy's first open position
    [InlineData(2, "a", 7, 0.005, false)]  // not the chunk shown there
    [InlineData(2, "b", 2, 0.005, false)]  // not from below the shown results
    [InlineData(2, "b", 7, 0.0, false)]    // no propensity
    [InlineData(2, "b", 7, 0.5, false)]    // a propensity the policy could not give
    public void Explored_results_that_do_not_say_how_they_came_to_be_shown_are_refused(int position, string chunk, int fromRank, double propensity, bool withoutPolicy)
    {
        var command = new AnswerQuery(Response, "acme", "Q?", "q?", null, "u:1", Parameters, Model, 10, Shown, "A [1].",
            [new Citation(1, ChunkA, 1)], 0.7, new StageLatencies(1, 0.1, 0, 0.5, 2), Now,
            Exploration: withoutPolicy ? null : new ExplorationPolicy(0.1, 20, 2),
            Explored: new ExploredResult(position, chunk == "a" ? ChunkA : ChunkB, fromRank, propensity));

        Should.Throw<DomainRuleViolated>(() => QueryDecider.Decide(command, null)).Code.ShouldBe("invalid_exploration");
    }

    [Theory]
    [InlineData(1.5, 20, 1)]
    [InlineData(0.1, 0, 1)]
    [InlineData(0.1, 20, 0)]
    public void An_exploration_policy_out_of_range_is_refused(double share, int pool, int fromPosition)
    {
        var command = new AnswerQuery(Response, "acme", "Q?", "q?", null, "u:1", Parameters, Model, 10, Shown, "A [1].",
            [new Citation(1, ChunkA, 1)], 0.7, new StageLatencies(1, 0.1, 0, 0.5, 2), Now, Exploration: new ExplorationPolicy(share, pool, fromPosition));

        Should.Throw<DomainRuleViolated>(() => QueryDecider.Decide(command, null)).Code.ShouldBe("invalid_exploration");
    }

    [Theory]
    [InlineData(null, "refund", 0.9)] // no model named
    [InlineData("expansion-0123456789ab", "", 0.9)]
    [InlineData("expansion-0123456789ab", "refund", 0.0)]
    public void Expansions_that_do_not_say_where_they_came_from_are_refused(string? version, string term, double weight)
    {
        var command = new AnswerQuery(Response, "acme", "Q?", "q?", null, "u:1", Parameters, Model with { QueryExpansion = version }, 10, Shown, "A [1].",
            [new Citation(1, ChunkA, 1)], 0.7, new StageLatencies(1, 0.1, 0, 0.5, 2), Now, Expansions: [new ExpansionApplied("cancel", term, weight)]);
        Should.Throw<DomainRuleViolated>(() => QueryDecider.Decide(command, null)).Code.ShouldBe("invalid_expansions");
    }

    [Fact]
    public void A_response_whose_generator_failed_cannot_carry_an_answer()
    {
        var command = new AnswerQuery(Response, "acme", "Q?", "q?", null, "u:1", Parameters, Model, 10, Shown, "A [1].",
            [new Citation(1, ChunkA, 1)], 0.7, new StageLatencies(1, 0.1, 0, 0.5, 2), Now,
            Degradations: [new Degradation(DegradedStage.Generate, "extractive-v1", "failed")]);
        Should.Throw<DomainRuleViolated>(() => QueryDecider.Decide(command, null)).Code.ShouldBe("invalid_degradation");
    }

    [Theory]
    [InlineData(2, "aaaaaaaa-0000-0000-0000-000000000000", 2)] // chunk A was shown at 1, not 2
    [InlineData(1, "aaaaaaaa-0000-0000-0000-000000000000", 3)] // three values for two names
    public void A_feature_row_that_does_not_match_what_was_shown_is_refused(int position, string chunk, int values)
    {
        var features = new RankingFeatureLog(["bm25", "dense"], [new LoggedFeatures(position, Guid.Parse(chunk), new float[values])]);
        var command = new AnswerQuery(Response, "acme", "Q?", "q?", null, "u:1", Parameters, Model, 10, Shown, "A [1].",
            [new Citation(1, ChunkA, 1)], 0.7, new StageLatencies(1, 0.1, 0, 0.5, 2), Now, features);

        Should.Throw<DomainRuleViolated>(() => QueryDecider.Decide(command, null)).Code.ShouldBe("invalid_features");
    }

    [Fact]
    public void An_answer_citing_a_position_that_was_not_shown_is_refused()
    {
        var command = new AnswerQuery(Response, "acme", "Q?", "q?", null, "u:1", Parameters, Model, 10, Shown, "A [7].",
            [new Citation(7, ChunkA, 7)], 0.7, new StageLatencies(1, 0.1, 0, 0.5, 2), Now);
        Should.Throw<DomainRuleViolated>(() => QueryDecider.Decide(command, null)).Code.ShouldBe("invalid_citation");
    }

    [Fact]
    public void Given_a_served_response_When_a_shown_source_is_clicked_Then_SourceClicked_with_its_position() =>
        Feedback().Given(Served).When(Command(new FeedbackSignal.Click(ChunkB, null))).Then(new SourceClicked(Response, "k1", ChunkB, 2, null, Now));

    [Fact]
    public void Given_a_click_stored_When_the_same_key_arrives_again_Then_nothing_is_stored() =>
        Feedback().Given([.. Served, new SourceClicked(Response, "k1", ChunkB, 2, null, Now)])
            .When(Command(new FeedbackSignal.Click(ChunkB, 2))).ThenNothing();

    [Fact]
    public void Given_a_click_stored_When_another_key_clicks_again_Then_it_is_stored() =>
        Feedback().Given([.. Served, new SourceClicked(Response, "k1", ChunkB, 2, null, Now)])
            .When(Command(new FeedbackSignal.Click(ChunkB, 2), "k2")).Then(new SourceClicked(Response, "k2", ChunkB, 2, null, Now));

    [Fact]
    public void A_click_on_a_chunk_that_was_not_shown_is_refused() =>
        Feedback().Given(Served).When(Command(new FeedbackSignal.Click(Unshown, null))).ThenThrows<DomainRuleViolated>().Code.ShouldBe("chunk_not_shown");

    [Fact]
    public void A_click_claiming_the_wrong_position_is_refused() =>
        Feedback().Given(Served).When(Command(new FeedbackSignal.Click(ChunkA, 2))).ThenThrows<DomainRuleViolated>().Code.ShouldBe("position_mismatch");

    [Fact]
    public void Feedback_on_an_unknown_response_is_not_found() =>
        Feedback().Given().When(Command(new FeedbackSignal.ThumbsUp(null))).ThenThrows<StreamNotFound>();

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void A_rating_outside_one_to_five_is_refused(int stars) =>
        Feedback().Given(Served).When(Command(new FeedbackSignal.Rating(stars, null))).ThenThrows<DomainRuleViolated>().Code.ShouldBe("invalid_rating");

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(90000)]
    public void A_dwell_that_is_not_positive_or_longer_than_a_day_is_refused(double seconds) =>
        Feedback().Given(Served).When(Command(new FeedbackSignal.Dwell(null, seconds))).ThenThrows<DomainRuleViolated>().Code.ShouldBe("invalid_dwell");

    [Fact]
    public void Every_signal_maps_to_its_event()
    {
        var follow = Guid.Parse("33333333-3333-3333-3333-333333333333");
        (FeedbackSignal Signal, object Event)[] cases =
        [
            (new FeedbackSignal.Dwell(ChunkA, 42), new DwellRecorded(Response, "k1", ChunkA, 42, null, Now)),
            (new FeedbackSignal.Copy(null), new AnswerCopied(Response, "k1", null, null, Now)),
            (new FeedbackSignal.Share("mail"), new AnswerShared(Response, "k1", "mail", null, Now)),
            (new FeedbackSignal.ThumbsUp("great"), new ThumbsUpGiven(Response, "k1", "great", null, Now)),
            (new FeedbackSignal.ThumbsDown(null), new ThumbsDownGiven(Response, "k1", null, null, Now)),
            (new FeedbackSignal.Rating(4, null), new AnswerRated(Response, "k1", 4, null, null, Now)),
            (new FeedbackSignal.WrongSource(ChunkB, "off topic"), new WrongSourceFlagged(Response, "k1", ChunkB, 2, "off topic", null, Now)),
            (new FeedbackSignal.MissingInfo("dates"), new MissingInfoFlagged(Response, "k1", "dates", null, Now)),
            (new FeedbackSignal.SuggestSource(Unshown, null), new SourceSuggested(Response, "k1", Unshown, null, null, Now)),
            (new FeedbackSignal.Reformulation(follow), new QueryReformulated(Response, "k1", follow, null, Now)),
            (new FeedbackSignal.Abandonment(), new QueryAbandoned(Response, "k1", null, Now)),
        ];
        foreach (var (signal, expected) in cases)
            Feedback().Given(Served).When(Command(signal)).Then(expected);
    }

    [Fact]
    public void A_query_cannot_be_its_own_reformulation() =>
        Feedback().Given(Served).When(Command(new FeedbackSignal.Reformulation(Response))).ThenThrows<DomainRuleViolated>();

    [Fact]
    public void A_comment_longer_than_the_limit_is_refused() =>
        Feedback().Given(Served).When(Command(new FeedbackSignal.ThumbsDown(new string('x', QueryDecider.MaxCommentLength + 1))))
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("too_long");

    [Fact]
    public void Derived_keys_are_equal_for_a_retry_and_differ_for_another_target_or_time()
    {
        var at = new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.FromHours(2));
        var key = RecordFeedback.DeriveKey(Response, new FeedbackSignal.Click(ChunkA, 1), at);
        RecordFeedback.DeriveKey(Response, new FeedbackSignal.Click(ChunkA, 1), at.ToUniversalTime()).ShouldBe(key);
        RecordFeedback.DeriveKey(Response, new FeedbackSignal.Click(ChunkB, 2), at).ShouldNotBe(key);
        RecordFeedback.DeriveKey(Response, new FeedbackSignal.Click(ChunkA, 1), at.AddSeconds(1)).ShouldNotBe(key);
        RecordFeedback.DeriveKey(Response, new FeedbackSignal.WrongSource(ChunkA, null), at).ShouldNotBe(key);
    }
}
