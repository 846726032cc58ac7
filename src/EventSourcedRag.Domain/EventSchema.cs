namespace EventSourcedRag.Domain;

/// <summary>Metadata header names every stored event carries, and the schema version written today.</summary>
public static class EventSchema
{
    /// <summary>Bumped only together with a new event record (V2) and an upcaster; stored events never change.</summary>
    public const int Version = 1;

    public const string ActorHeader = "actor";
    public const string SchemaVersionHeader = "schema_version";
}
