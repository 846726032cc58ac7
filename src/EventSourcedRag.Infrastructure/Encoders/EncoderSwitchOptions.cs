namespace EventSourcedRag.Infrastructure.Encoders;

/// <summary>The background re-embedding of an encoder switch. Section "EncoderSwitch".</summary>
public sealed class EncoderSwitchOptions
{
    public const string Section = "EncoderSwitch";

    /// <summary>How often the worker checks a switch in progress: sends the pages still missing and completes it when none is.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Documents per re-embedding message (one unit of work for a competing consumer).</summary>
    public int DocumentsPerMessage { get; set; } = 16;

    /// <summary>A page sent this long ago whose vectors are still missing is sent again (its message was lost or failed).</summary>
    public TimeSpan ResendAfter { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<string> Validate()
    {
        if (CheckInterval < TimeSpan.FromMilliseconds(100) || CheckInterval > TimeSpan.FromHours(1)) yield return "EncoderSwitch:CheckInterval must be 00:00:00.1 to 01:00:00.";
        if (DocumentsPerMessage is < 1 or > 1000) yield return "EncoderSwitch:DocumentsPerMessage must be 1 to 1000.";
        if (ResendAfter < TimeSpan.FromSeconds(1)) yield return "EncoderSwitch:ResendAfter must be at least 00:00:01.";
    }
}
