using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventSourcedRag.Domain.Tests;

/// <summary>Serializer options as the event store configures its own: camelCase properties and an enum converter of its own.</summary>
internal static class StoreLikeJson
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Converters = { new JsonStringEnumConverter() } };
}
