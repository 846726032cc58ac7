using EventSourcedRag.Domain.Encoders;

namespace EventSourcedRag.Domain.Tests.Encoders;

public class EncoderDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private const string MiniLm = "all-MiniLM-L6-v2@sha256:aa/mean/256";
    private const string Arctic = "arctic-embed-xs@sha256:bb/cls/512";
    private const string Other = "other@sha256:cc/mean/128";

    private static DeciderSpecification<EncoderState, object> Spec() => new(EncoderDecider.Decide, EncoderDecider.Evolve, EncoderState.Configured);

    private static StartEncoderSwitch Start(string target) => new(MiniLm, target, false, "better recall", "cli:ops", Now);
    private static EncoderSwitchStarted Started(string from, string to) => new(from, to, "better recall", "cli:ops", Now);
    private static CompleteEncoderSwitch Complete(string target, long live = 10, long missing = 0, long inFlight = 0) => new(target, live, missing, inFlight, Now);

    [Fact]
    public void Given_the_configured_encoder_When_a_switch_starts_Then_it_is_recorded_from_the_configured_version() =>
        Spec().Given().When(Start(Arctic)).Then(Started(MiniLm, Arctic));

    [Fact]
    public void Given_a_switch_in_progress_When_the_same_switch_starts_again_Then_nothing_changes() =>
        Spec().Given(Started(MiniLm, Arctic)).When(Start(Arctic)).ThenNothing();

    [Fact]
    public void Given_a_switch_in_progress_When_another_target_starts_Then_it_is_refused() =>
        Spec().Given(Started(MiniLm, Arctic)).When(Start(Other)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("switch_in_progress");

    [Fact]
    public void Given_the_configured_encoder_When_a_switch_to_it_starts_Then_it_is_refused() =>
        Spec().Given().When(Start(MiniLm)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("already_serving");

    [Fact]
    public void Given_a_completed_switch_When_a_switch_back_starts_Then_it_starts_from_the_switched_version() =>
        Spec().Given(Started(MiniLm, Arctic), new EncoderSwitched(MiniLm, Arctic, 10, Now)).When(Start(MiniLm)).Then(Started(Arctic, MiniLm));

    [Fact]
    public void Given_anything_When_a_switch_to_the_corpus_fitted_encoder_starts_Then_it_is_refused() =>
        Spec().Given().When(new StartEncoderSwitch(MiniLm, "lsa-corpus-fitted/128d", true, "r", "cli:ops", Now))
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("not_a_switch_target");

    [Fact]
    public void Given_a_switch_in_progress_When_every_live_chunk_has_a_target_vector_Then_EncoderSwitched() =>
        Spec().Given(Started(MiniLm, Arctic)).When(Complete(Arctic, live: 42)).Then(new EncoderSwitched(MiniLm, Arctic, 42, Now));

    [Fact]
    public void Given_a_switch_in_progress_When_vectors_are_missing_Then_it_is_refused() =>
        Spec().Given(Started(MiniLm, Arctic)).When(Complete(Arctic, missing: 3)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("vectors_missing");

    [Fact]
    public void Given_a_switch_in_progress_When_documents_are_still_being_embedded_Then_it_waits() =>
        Spec().Given(Started(MiniLm, Arctic)).When(Complete(Arctic, inFlight: 1)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("chunks_in_flight");

    [Fact]
    public void Given_a_switch_in_progress_When_another_target_is_completed_Then_it_is_refused() =>
        Spec().Given(Started(MiniLm, Arctic)).When(Complete(Other)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("target_mismatch");

    [Fact]
    public void Given_a_completed_switch_When_it_is_completed_again_Then_nothing_changes() =>
        Spec().Given(Started(MiniLm, Arctic), new EncoderSwitched(MiniLm, Arctic, 10, Now)).When(Complete(Arctic)).ThenNothing();

    [Fact]
    public void Given_no_switch_When_one_is_completed_Then_it_is_refused() =>
        Spec().Given().When(Complete(Arctic)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("no_switch");

    [Fact]
    public void Given_impossible_counts_When_a_switch_is_completed_Then_they_are_refused() =>
        Spec().Given(Started(MiniLm, Arctic)).When(Complete(Arctic, live: 2, missing: 3)).ThenThrows<ArgumentOutOfRangeException>();

    [Fact]
    public void Given_a_switch_in_progress_When_it_is_cancelled_Then_the_previous_encoder_goes_on_serving() =>
        Spec().Given(Started(MiniLm, Arctic)).When(new CancelEncoderSwitch("too slow", "cli:ops", Now))
            .Then(new EncoderSwitchCancelled(MiniLm, Arctic, "too slow", "cli:ops", Now));

    [Fact]
    public void Given_a_cancelled_switch_When_it_is_completed_Then_it_is_refused() =>
        Spec().Given(Started(MiniLm, Arctic), new EncoderSwitchCancelled(MiniLm, Arctic, "r", "cli:ops", Now)).When(Complete(Arctic))
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("no_switch");

    [Fact]
    public void Given_no_switch_When_one_is_cancelled_Then_it_is_refused() =>
        Spec().Given().When(new CancelEncoderSwitch("r", "cli:ops", Now)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("no_switch");

    [Fact]
    public void A_switch_serves_its_target_and_a_cancellation_leaves_the_serving_version()
    {
        var switched = new[] { (object)Started(MiniLm, Arctic), new EncoderSwitched(MiniLm, Arctic, 1, Now) }.Aggregate(EncoderState.Configured, EncoderDecider.Evolve);
        switched.ServingOr(MiniLm).ShouldBe(Arctic);
        var cancelled = new[] { (object)Started(Arctic, Other), new EncoderSwitchCancelled(Arctic, Other, "r", "a", Now) }.Aggregate(switched, EncoderDecider.Evolve);
        cancelled.ServingOr(MiniLm).ShouldBe(Arctic);
        cancelled.Switching.ShouldBeFalse();
    }
}
