namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>A text's unit vector, with how many tokens the model saw and whether the text was cut to the maximum length.</summary>
public sealed record EncodedText(float[] Vector, int Tokens, bool Truncated);
