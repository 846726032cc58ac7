using EventSourcedRag.Domain.Access;

namespace EventSourcedRag.Domain.Tests.Access;

public class RetentionDeciderTests
{
    private static readonly Guid Run = Guid.Parse("44444444-4444-4444-4444-444444444444");
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Cutoff = Now.AddDays(-90);

    private static DeciderSpecification<RetentionApplied?, RecordRetentionRun> Spec() => new(RetentionDecider.Decide, RetentionDecider.Evolve, null);

    private static RecordRetentionRun Removal(string category = RetentionPolicy.Queries, long streams = 2, long[]? sequences = null, string[]? types = null) =>
        new(Run, category, Cutoff, streams, sequences ?? [11, 12, 13, 20, 21, 22], types ?? ["query_received", "results_shown", "answer_generated",
            "query_received", "results_shown", "answer_generated"], "digest-sha", Now);

    private static readonly RetentionApplied Applied =
        new(Run, RetentionPolicy.Queries, Cutoff, 2, 6, 11, 22, ["answer_generated", "query_received", "results_shown"], "digest-sha", Now);

    [Fact]
    public void Given_no_run_When_query_streams_are_removed_Then_RetentionApplied_counts_them_and_names_their_types_once_in_order() =>
        Spec().Given().When(Removal()).Then(Applied);

    [Fact]
    public void Given_the_run_on_record_When_it_is_recorded_again_Then_nothing_changes() =>
        Spec().Given(Applied).When(Removal()).ThenNothing();

    [Fact]
    public void Given_no_run_When_the_category_is_unknown_Then_it_is_refused() =>
        Spec().Given().When(Removal(category: "documents")).ThenThrows<DomainRuleViolated>().Code.ShouldBe("invalid_category");

    [Fact]
    public void Given_no_run_When_it_removes_nothing_Then_it_is_refused() =>
        Spec().Given().When(Removal(streams: 0, sequences: [], types: [])).ThenThrows<DomainRuleViolated>().Code.ShouldBe("nothing_removed");

    [Fact]
    public void Given_no_run_When_the_types_do_not_match_the_events_Then_it_is_refused() =>
        Spec().Given().When(Removal(types: ["query_received"])).ThenThrows<DomainRuleViolated>().Code.ShouldBe("invalid_removal");
}
