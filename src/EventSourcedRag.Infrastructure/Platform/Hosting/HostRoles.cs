namespace EventSourcedRag.Infrastructure.Platform.Hosting;

/// <summary>What a process hosts. The API answers requests; the worker consumes the ingestion queue and runs the async daemon.</summary>
[Flags]
public enum HostRoles
{
    /// <summary>Neither: the event store and the command side only, for a CLI command that records and reads events.</summary>
    None = 0,
    Api = 1,
    Worker = 2,
    All = Api | Worker,
}
