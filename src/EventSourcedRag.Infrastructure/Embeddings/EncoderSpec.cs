namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>How a sentence encoder is to be used: its pooling, its query convention and its length.</summary>
/// <param name="Name">Short model name, the first part of the encoder version.</param>
/// <param name="QueryPrefix">Text put before a query (not before a document), as the model was trained; empty for symmetric models.</param>
/// <param name="MaxLength">Tokens per text including [CLS] and [SEP]; longer texts are truncated and the vector says so.</param>
public sealed record EncoderSpec(string Name, Pooling Pooling, string QueryPrefix, int MaxLength);
