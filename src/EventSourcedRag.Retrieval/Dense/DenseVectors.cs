namespace EventSourcedRag.Retrieval.Dense;

/// <summary>
/// Exact (unquantised) vectors of some queries and chunks, all taken from one encoder state, for training
/// something that lives in that space (a query adapter).
/// </summary>
/// <param name="EncoderVersion">The encoder the vectors come from.</param>
/// <param name="Queries">One vector per query asked for, in order; null where the query has no dense representation.</param>
/// <param name="Chunks">The vectors of the chunks asked for that are still live.</param>
public sealed record DenseVectors(string EncoderVersion, IReadOnlyList<float[]?> Queries, IReadOnlyDictionary<Guid, float[]> Chunks);
