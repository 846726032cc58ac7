using EventSourcedRag.Domain.Queries;

namespace EventSourcedRag.Domain.Tests.Queries;

public class QueryFailureTests
{
    private static readonly Guid Response = Guid.Parse("33333333-3333-3333-3333-333333333333");
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly ServingModel Arm = new("auto", "unknown", "lambdamart-0123456789ab", "extractive-v1", "0123abcd", "treatment");

    private static DeciderSpecification<QueryState?, RecordQueryFailure> Spec() => new(QueryDecider.Decide, QueryDecider.Evolve, null);

    private static RecordQueryFailure Failure(string error = "TimeoutException: the generator timed out") =>
        new(Response, "acme", "u:1", "s1", Arm, error, Now);

    [Fact]
    public void Given_nothing_When_a_received_question_fails_Then_QueryFailed_names_the_arm_that_would_have_served() =>
        Spec().Given().When(Failure())
            .Then(new QueryFailed(Response, "acme", "u:1", "s1", Arm, "TimeoutException: the generator timed out", Now));

    [Fact]
    public void Given_a_served_response_When_it_is_recorded_as_failed_Then_it_is_refused() =>
        Spec().Given(new QueryReceived(Response, "acme", "Q?", "q?", "s1", "u:1", new QueryParameters(5, "rrf", QueryFilters.None), Arm, Now))
            .When(Failure()).ThenThrows<DomainRuleViolated>().Code.ShouldBe("response_exists");

    [Fact]
    public void Given_nothing_When_a_failure_names_no_error_Then_it_is_refused() =>
        Spec().Given().When(Failure(" ")).ThenThrows<DomainRuleViolated>().Code.ShouldBe("invalid_failure");
}
