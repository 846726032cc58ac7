using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventSourcedRag.Domain.Experiments;

/// <summary>
/// Writes and reads a <see cref="RolloutAction"/> by its stored name. Put on the properties that hold one, because a
/// serializer's own enum converter (Marten adds one) would otherwise come first and write "Proceed".
/// </summary>
public sealed class RolloutActionJson() : JsonStringEnumConverter<RolloutAction>(JsonNamingPolicy.SnakeCaseLower);
