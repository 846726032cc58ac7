namespace EventSourcedRag.Retrieval.Dense;

/// <summary>Maps texts to unit-length vectors; a dot product of two is their cosine similarity.</summary>
public interface IEmbedder
{
    /// <summary>Identifies the model and its fitted state; stored with every served query.</summary>
    string Version { get; }

    int Dimensions { get; }

    /// <summary>One vector per text, in order.</summary>
    IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts);
}
