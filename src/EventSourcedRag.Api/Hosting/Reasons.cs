namespace EventSourcedRag.Api.Hosting;

/// <summary>The reason an admin gives for a change, as the audit trail keeps it.</summary>
public static class Reasons
{
    public const int MaxLength = 500;

    /// <summary>Trimmed and at most <see cref="MaxLength"/> characters (400 otherwise), or <paramref name="fallback"/> when none is given.</summary>
    public static string Or(string? given, string fallback)
    {
        var reason = given?.Trim();
        if (reason is { Length: > MaxLength }) throw new InvalidRequest("reason_too_long", $"'reason' must be at most {MaxLength} characters.");
        return string.IsNullOrEmpty(reason) ? fallback : reason;
    }
}
