namespace EventSourcedRag.Retrieval.Dense;

/// <summary>Maps texts to unit-length vectors; a dot product of two is their cosine similarity.</summary>
public interface IEmbedder
{
    /// <summary>Identifies the model and its fitted state; stored with every served query.</summary>
    string Version { get; }

    int Dimensions { get; }

    /// <summary>One vector per document text, in order.</summary>
    IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts);

    /// <summary>A query's vector: asymmetric models embed queries differently from documents (a prefix, another tower).</summary>
    float[] EmbedQuery(string text) => Embed([text])[0];
}
