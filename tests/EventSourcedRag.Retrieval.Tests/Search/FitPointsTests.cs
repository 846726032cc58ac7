using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Retrieval.Tests.Search;

public class FitPointsTests
{
    private static readonly LsaOptions Options = new(MinDocuments: 32, RefitAfterChange: 0.25);

    [Fact]
    public void Given_no_fit_yet_When_the_collection_reaches_the_minimum_Then_a_fit_point_is_due() =>
        (FitPoints.None.Changed(0, 31).Due(31, Options), FitPoints.None.Changed(0, 32).Due(32, Options)).ShouldBe((false, true));

    [Fact]
    public void Given_a_fit_on_a_thousand_chunks_When_a_quarter_of_that_has_changed_Then_the_next_point_is_due()
    {
        var fitted = FitPoints.None.DeclaredAt(1000);
        fitted.Changed(100, 149).Due(1149, Options).ShouldBeFalse();
        fitted.Changed(100, 150).Due(1150, Options).ShouldBeTrue(); // removals count as change too
    }

    [Fact]
    public void Given_a_fit_on_few_chunks_Then_a_refit_waits_for_at_least_the_minimum_of_changes() =>
        FitPoints.None.DeclaredAt(40).Changed(0, 31).Due(71, Options).ShouldBeFalse(); // a quarter of 40 is 10; the floor is 32

    [Fact]
    public void Given_a_point_just_declared_Then_nothing_more_is_due_until_more_changes() =>
        FitPoints.None.DeclaredAt(500).Due(500, Options).ShouldBeFalse();
}
