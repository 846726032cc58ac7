using EventSourcedRag.Domain.Access;

namespace EventSourcedRag.Domain.Tests.Access;

public class KeyCustodyDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    private static DeciderSpecification<KeyCustodyState, object> Spec() => new(KeyCustodyDecider.Decide, KeyCustodyDecider.Evolve, KeyCustodyState.None);

    private static RotateCheckpointKey Rotate(string from, string to) => new(from, $"pem {from}", to, $"pem {to}", $"signed by {to}", Now);

    private static CheckpointKeyRotated Rotated(string from, string to) => new(from, $"pem {from}", to, $"pem {to}", $"signed by {to}", Now);

    [Fact]
    public void Given_no_rotation_When_the_checkpoint_key_rotates_Then_CheckpointKeyRotated_with_both_public_keys_and_the_endorsement() =>
        Spec().Given().When(Rotate("k1", "k2")).Then(Rotated("k1", "k2"));

    [Fact]
    public void Given_a_rotation_to_k2_When_the_same_rotation_is_repeated_Then_nothing_changes() =>
        Spec().Given(Rotated("k1", "k2")).When(Rotate("k1", "k2")).ThenNothing();

    [Fact]
    public void Given_a_rotation_to_k2_When_k2_rotates_to_k3_Then_it_is_recorded() =>
        Spec().Given(Rotated("k1", "k2")).When(Rotate("k2", "k3")).Then(Rotated("k2", "k3"));

    [Fact]
    public void Given_a_rotation_to_k2_When_a_rotation_starts_from_another_key_Then_it_is_refused() =>
        Spec().Given(Rotated("k1", "k2")).When(Rotate("k1", "k3")).ThenThrows<DomainRuleViolated>().Code.ShouldBe("previous_key_mismatch");

    [Fact]
    public void Given_anything_When_a_key_rotates_to_itself_Then_it_is_refused() =>
        Spec().Given().When(Rotate("k1", "k1")).ThenThrows<DomainRuleViolated>().Code.ShouldBe("same_key");

    [Fact]
    public void Given_no_rewrap_When_subject_keys_are_wrapped_again_Then_SubjectKeysRewrapped_with_the_count() =>
        Spec().Given().When(new RewrapSubjectKeys("m1", "m2", 12, Now)).Then(new SubjectKeysRewrapped("m1", "m2", 12, Now));

    [Fact]
    public void Given_a_rewrap_to_m2_When_it_is_repeated_with_nothing_left_to_wrap_Then_nothing_changes() =>
        Spec().Given(new SubjectKeysRewrapped("m1", "m2", 12, Now)).When(new RewrapSubjectKeys("m1", "m2", 0, Now)).ThenNothing();

    [Fact]
    public void Given_a_rewrap_to_m2_When_keys_written_meanwhile_under_m1_are_wrapped_again_Then_that_is_recorded_too() =>
        Spec().Given(new SubjectKeysRewrapped("m1", "m2", 12, Now)).When(new RewrapSubjectKeys("m1", "m2", 3, Now)).Then(new SubjectKeysRewrapped("m1", "m2", 3, Now));

    [Fact]
    public void Given_anything_When_the_master_key_is_rewrapped_under_itself_Then_it_is_refused() =>
        Spec().Given().When(new RewrapSubjectKeys("m1", "m1", 5, Now)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("same_key");
}
