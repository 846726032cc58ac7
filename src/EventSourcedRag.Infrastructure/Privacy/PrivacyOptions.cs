namespace EventSourcedRag.Infrastructure.Privacy;

/// <summary>Section "Privacy".</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Secret key of the HMAC that turns user ids into the hashes stored in events. Change it and old hashes no longer link.</summary>
    public string UserHashKey { get; set; } = "";

    /// <summary>
    /// Wraps every data subject's own key (AES-256-GCM, base64 of 32 bytes), so a copy of the key table alone
    /// opens nothing. Keep it outside the database, like the hash key.
    /// </summary>
    public string SubjectKeyMasterKey { get; set; } = "";

    /// <summary>A file holding <see cref="UserHashKey"/> (a secret store's mount); when set, its content is used instead of the inline value.</summary>
    public string? UserHashKeyFile { get; set; }

    /// <summary>
    /// The master key being replaced, during a rotation only: subject keys still wrapped by it open with it until
    /// <c>esrag subjects rewrap-keys</c> wraps them with <see cref="SubjectKeyMasterKey"/>; then remove it and destroy it.
    /// </summary>
    public string? PreviousSubjectKeyMasterKey { get; set; }

    /// <summary>A file holding <see cref="SubjectKeyMasterKey"/> (a secret store's mount); when set, its content is used instead of the inline value.</summary>
    public string? SubjectKeyMasterKeyFile { get; set; }

    /// <summary>
    /// Treat query text as personal: sealed with the asking user's key, unreadable once they are erased. On by default,
    /// so an erasure reaches the questions; text of anonymous queries (no user id) is never sealed, as nothing links it to a person.
    /// </summary>
    public bool SealQueryText { get; set; } = true;
}
