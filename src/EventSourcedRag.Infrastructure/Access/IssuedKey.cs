using EventSourcedRag.Domain.Access;

namespace EventSourcedRag.Infrastructure.Access;

/// <summary>A key just issued: the token is shown once and never stored.</summary>
public sealed record IssuedKey(ApiKeyState Key, string Token);
