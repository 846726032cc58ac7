namespace EventSourcedRag.Retrieval.Dense;

/// <summary>
/// One user's learned push on their query embedding, applied before the query adapter and the dense search: what
/// they keep choosing beyond what they ask. Like an adapter it was learned in one encoder's space and applies only
/// while that encoder serves; documents keep their vectors.
/// </summary>
public interface IQuerySteering
{
    /// <summary>The model version that names it in served events.</summary>
    string Version { get; }

    /// <summary>The encoder version whose space it was learned in.</summary>
    string EncoderVersion { get; }

    /// <summary>The steered query vector, unit length like the documents'.</summary>
    float[] Steer(float[] query);
}
