using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using JasperFx.Events;
using Marten;
using Marten.Events;

namespace EventSourcedRag.Infrastructure.Access;

/// <summary>A key just issued: the token is shown once and never stored.</summary>
public sealed record IssuedKey(ApiKeyState Key, string Token);
