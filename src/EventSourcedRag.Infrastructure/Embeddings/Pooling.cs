namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>How a sentence vector is made from the model's token states: as the model was trained to be used.</summary>
public enum Pooling
{
    /// <summary>The mean of the states of the real (unpadded) tokens: sentence-transformers' default, all-MiniLM-L6-v2.</summary>
    Mean,

    /// <summary>The state of the [CLS] token: arctic-embed, BGE.</summary>
    Cls,
}
