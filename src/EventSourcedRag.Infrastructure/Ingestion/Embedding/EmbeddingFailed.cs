namespace EventSourcedRag.Infrastructure.Ingestion.Embedding;

/// <summary>
/// The encoder could not embed a chunk. The version is recorded as failed and the message goes straight to the
/// embedding queue's error queue (dead letter): retrying the same text on the same model fails the same way, and
/// the queue moves on.
/// </summary>
public sealed class EmbeddingFailed(string message, Exception inner) : Exception(message, inner);
