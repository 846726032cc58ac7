namespace EventSourcedRag.Infrastructure.Hosting;

/// <summary>What a process hosts. The API answers requests; the worker consumes the ingestion queue and runs the async daemon.</summary>
[Flags]
public enum HostRoles
{
    Api = 1,
    Worker = 2,
    All = Api | Worker,
}
