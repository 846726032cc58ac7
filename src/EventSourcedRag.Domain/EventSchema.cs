namespace EventSourcedRag.Domain;

/// <summary>Metadata header names every stored event carries, and the schema version written today.</summary>
public static class EventSchema
{
    /// <summary>Bumped only together with a new event record (V2) and an upcaster; stored events never change.</summary>
    public const int Version = 1;

    public const string ActorHeader = "actor";

    /// <summary>The credential an API request came with (e.g. <c>key:…</c>), so "who did what" names the key, not only the end user.</summary>
    public const string PrincipalHeader = "principal";
    public const string SchemaVersionHeader = "schema_version";
}
