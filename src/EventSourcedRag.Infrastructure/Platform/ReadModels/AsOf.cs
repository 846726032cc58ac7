namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

/// <summary>Where in history a rebuild or an export stops: a global sequence number or a time; null means the safe head.</summary>
public sealed record AsOf(long? Sequence, DateTimeOffset? Time)
{
    public static AsOf Head { get; } = new(null, null);

    /// <summary>Parses "12345" (a sequence) or an ISO-8601 time; null or empty is the head.</summary>
    public static AsOf Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Head;
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence)) return new(sequence, null);
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)) return new(null, time);
        throw new InvalidReadModelRequest($"as-of must be an event sequence number or an ISO-8601 time, not '{text}'.");
    }
}
