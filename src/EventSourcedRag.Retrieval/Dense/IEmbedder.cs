namespace EventSourcedRag.Retrieval.Dense;

/// <summary>Maps analysed text to a unit-length vector; dot product is cosine similarity.</summary>
public interface IEmbedder
{
    /// <summary>Identifies the model and its fitted state; stored with every served query.</summary>
    string Version { get; }

    int Dimensions { get; }

    float[] Embed(IReadOnlyList<string> terms);
}
