using System.Text.Json;

namespace EventSourcedRag.Domain.Experiments;

public static class RolloutActionNames
{
    /// <summary>The name a <see cref="RolloutAction"/> is stored and shown by ("proceed").</summary>
    public static string Name(RolloutAction action) => JsonNamingPolicy.SnakeCaseLower.ConvertName(action.ToString());
}
