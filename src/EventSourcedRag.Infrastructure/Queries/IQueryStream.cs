namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>
/// Receives a query's progress as it happens (server-sent events). Only the final response, returned once its
/// events are stored, carries the response id that feedback refers to; what comes before it is provisional.
/// </summary>
public interface IQueryStream
{
    ValueTask SourcesAsync(SourcesFound sources, CancellationToken ct);

    ValueTask FragmentAsync(string text, CancellationToken ct);
}
