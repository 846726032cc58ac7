namespace EventSourcedRag.Retrieval.Dense;

/// <summary>
/// A learned map applied to query embeddings only, before the dense search: documents keep the vectors they were
/// indexed with, so deploying or rolling back an adapter needs no re-indexing. It was trained in one encoder's
/// space and means nothing in another's, so it applies only while that encoder serves.
/// </summary>
public interface IQueryAdapter
{
    /// <summary>The model version that names this adapter in served events.</summary>
    string Version { get; }

    /// <summary>The <see cref="IEmbedder.Version"/> (or fitted encoder version) whose space it was trained in.</summary>
    string EncoderVersion { get; }

    /// <summary>The adapted query vector, unit length like the documents'.</summary>
    float[] Adapt(float[] query);
}
