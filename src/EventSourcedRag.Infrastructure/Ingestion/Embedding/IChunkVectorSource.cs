namespace EventSourcedRag.Infrastructure.Ingestion.Embedding;

/// <summary>Where an index finds the vectors the worker stored for its chunks.</summary>
public interface IChunkVectorSource
{
    /// <summary>The stored vectors among <paramref name="hashes"/> under <paramref name="version"/>; missing ones are absent.</summary>
    Task<IReadOnlyDictionary<string, float[]>> LoadAsync(string tenant, string version, IReadOnlyCollection<string> hashes, CancellationToken ct);
}
