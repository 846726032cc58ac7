namespace EventSourcedRag.Infrastructure.Documents;

public enum SubmissionOutcome
{
    /// <summary>A new document was accepted and queued for ingestion.</summary>
    Accepted,

    /// <summary>An existing document got a new version.</summary>
    Revised,

    /// <summary>The same bytes are already a live document of this tenant; nothing was stored.</summary>
    Duplicate,
}
