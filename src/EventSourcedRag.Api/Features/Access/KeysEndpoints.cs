using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventSourcedRag.Api.Features.Access;

/// <summary>API keys of the caller's tenant: issue (the token is returned once), list, revoke.</summary>
public static class KeysEndpoints
{
    public static IEndpointRouteBuilder MapAccessApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/v1/admin/keys");
        keys.MapPost("", Create).RequireRoles(Roles.Admin);
        keys.MapGet("", List).RequireRoles(Roles.Admin, Roles.Auditor);
        keys.MapPost("/{id:guid}/revoke", Revoke).RequireRoles(Roles.Admin);
        return app;
    }

    public sealed record CreateKeyRequest(string? Name, IReadOnlyList<string>? Roles, DateTimeOffset? ExpiresAt = null);

    public sealed record KeyView(Guid KeyId, string Name, string Tenant, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
    {
        public static KeyView Of(ApiKeyState k) => new(k.KeyId, k.Name, k.Tenant, k.Roles, k.CreatedAt, k.ExpiresAt, k.RevokedAt);
    }

    /// <summary>The only response that ever contains the token.</summary>
    public sealed record IssuedKeyView(KeyView Key, string Token);

    /// <summary>Issues an API key of the caller's tenant; the token is in this response only.</summary>
    public static async Task<Created<IssuedKeyView>> Create(CreateKeyRequest? body, HttpContext http, ApiKeys keys, CancellationToken ct)
    {
        if (body is null) throw new InvalidRequest("missing_body", "Send {\"name\": …, \"roles\": [...]}.");
        var metadata = RequestContext.Metadata(http);
        var issued = await keys.CreateAsync(metadata.Tenant, body.Name ?? "", body.Roles ?? [], body.ExpiresAt, metadata, ct);
        return TypedResults.Created($"/v1/admin/keys/{issued.Key.KeyId}", new IssuedKeyView(KeyView.Of(issued.Key), issued.Token));
    }

    /// <summary>The tenant's keys: names, roles, expiry and revocation, never secrets.</summary>
    public static async Task<Ok<List<KeyView>>> List(HttpContext http, ApiKeys keys, CancellationToken ct) =>
        TypedResults.Ok((await keys.ListAsync(RequestContext.Tenant(http), ct)).Select(KeyView.Of).ToList());

    public sealed record RevokeRequest(string? Reason = null);

    /// <summary>Revokes a key: it stops authenticating at once on this replica and within seconds on the others.</summary>
    public static async Task<NoContent> Revoke(Guid id, RevokeRequest? body, HttpContext http, ApiKeys keys, CancellationToken ct)
    {
        await keys.RevokeAsync(id, body?.Reason ?? "", RequestContext.Metadata(http), ct);
        return TypedResults.NoContent();
    }
}
