using EventSourcedRag.Domain.Access;

namespace EventSourcedRag.Domain.Tests.Access;

public class ApiKeyDeciderTests
{
    private static readonly Guid Id = Guid.Parse("33333333-3333-3333-3333-333333333333");
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static DeciderSpecification<ApiKeyState, object> Spec() => new(ApiKeyDecider.Decide, ApiKeyDecider.Evolve, ApiKeyState.None);

    private static CreateApiKey Create(params string[] roles) => new(Id, " ops ", "acme", roles, "hash", null, Now);

    private static readonly ApiKeyCreated Created = new(Id, "ops", "acme", ["admin", "client"], "hash", null, Now);

    [Fact]
    public void Given_nothing_When_created_Then_ApiKeyCreated_with_roles_sorted_once_and_the_name_trimmed() =>
        Spec().Given().When(Create("client", "admin", "client")).Then(Created);

    [Theory]
    [InlineData("superuser", "unknown_role")]
    [InlineData(null, "roles_required")]
    public void Given_nothing_When_created_with_bad_roles_Then_it_is_refused(string? role, string code) =>
        Spec().Given().When(Create(role is null ? [] : [role])).ThenThrows<DomainRuleViolated>().Code.ShouldBe(code);

    [Fact]
    public void Given_nothing_When_created_without_a_name_Then_it_is_refused() =>
        Spec().Given().When(new CreateApiKey(Id, "  ", "acme", ["admin"], "hash", null, Now)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("invalid_key_name");

    [Fact]
    public void Given_nothing_When_created_already_expired_Then_it_is_refused() =>
        Spec().Given().When(new CreateApiKey(Id, "ops", "acme", ["admin"], "hash", Now.AddMinutes(-1), Now)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("expiry_in_past");

    [Fact]
    public void Given_a_key_When_created_again_Then_it_is_refused() =>
        Spec().Given(Created).When(Create("admin")).ThenThrows<DomainRuleViolated>().Code.ShouldBe("key_exists");

    [Fact]
    public void Given_a_key_When_revoked_Then_ApiKeyRevoked() =>
        Spec().Given(Created).When(new RevokeApiKey(Id, " lost laptop ", Now)).Then(new ApiKeyRevoked(Id, "lost laptop", Now));

    [Fact]
    public void Given_a_revoked_key_When_revoked_again_Then_nothing_changes() =>
        Spec().Given(Created, new ApiKeyRevoked(Id, "lost", Now)).When(new RevokeApiKey(Id, "again", Now)).ThenNothing();

    [Fact]
    public void Given_nothing_When_revoked_Then_not_found() =>
        Spec().Given().When(new RevokeApiKey(Id, "lost", Now)).ThenThrows<StreamNotFound>();

    [Fact]
    public void Given_a_key_When_revoked_without_a_reason_Then_it_is_refused() =>
        Spec().Given(Created).When(new RevokeApiKey(Id, "", Now)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("reason_required");

    [Fact]
    public void A_key_is_active_until_revoked_or_expired()
    {
        var key = ApiKeyDecider.Evolve(ApiKeyState.None, Created with { ExpiresAt = Now.AddDays(1) });
        key.IsActive(Now).ShouldBeTrue();
        key.IsActive(Now.AddDays(2)).ShouldBeFalse();
        ApiKeyDecider.Evolve(key, new ApiKeyRevoked(Id, "lost", Now)).IsActive(Now).ShouldBeFalse();
    }
}
