using EventSourcedRag.Domain.Access;

namespace EventSourcedRag.Domain.Tests.Access;

public class ErasureDeciderTests
{
    private const string Subject = "u:3f2a";
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private static DeciderSpecification<SubjectErased?, EraseSubject> Spec() => new(ErasureDecider.Decide, ErasureDecider.Evolve, null);

    private static ModelFlaggedForRetraining Flagged(string version) => new(version, Subject, $"trained on data of erased subject {Subject}", Now);

    [Fact]
    public void Given_no_erasure_When_a_subject_is_erased_Then_SubjectErased_with_the_reason_trimmed() =>
        Spec().Given().When(new EraseSubject(Subject, "  GDPR request 42 ", [], Now)).Then(new SubjectErased(Subject, "GDPR request 42", Now));

    [Fact]
    public void Given_no_erasure_When_models_were_trained_on_the_subject_Then_each_is_flagged_for_retraining_in_the_same_decision() =>
        Spec().Given().When(new EraseSubject(Subject, "GDPR request 42", ["lambdamart-a", "adapter-b"], Now))
            .Then(new SubjectErased(Subject, "GDPR request 42", Now), Flagged("lambdamart-a"), Flagged("adapter-b"));

    [Fact]
    public void Given_an_erased_subject_When_erased_again_Then_nothing_is_recorded_twice() =>
        Spec().Given(new SubjectErased(Subject, "GDPR request 42", Now), Flagged("lambdamart-a"))
            .When(new EraseSubject(Subject, "again", ["lambdamart-a", "lambdamart-c"], Now)).ThenNothing();

    [Fact]
    public void Given_no_erasure_When_no_reason_is_given_Then_it_is_refused() =>
        Spec().Given().When(new EraseSubject(Subject, " ", [], Now)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("reason_required");

    [Fact]
    public void Given_no_erasure_When_no_subject_is_named_Then_it_is_refused() =>
        Spec().Given().When(new EraseSubject("", "GDPR request 42", [], Now)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("invalid_subject");
}
