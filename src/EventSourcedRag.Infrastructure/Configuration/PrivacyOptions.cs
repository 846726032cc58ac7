namespace EventSourcedRag.Infrastructure.Configuration;

/// <summary>Section "Privacy".</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Secret key of the HMAC that turns user ids into the hashes stored in events. Change it and old hashes no longer link.</summary>
    public string UserHashKey { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (UserHashKey.Length < 16) yield return "Privacy:UserHashKey must be at least 16 characters.";
    }
}
