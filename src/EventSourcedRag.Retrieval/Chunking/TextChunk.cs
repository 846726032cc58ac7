namespace EventSourcedRag.Retrieval.Chunking;

/// <summary>A slice of a text: [Start, End) in characters, with its whitespace token count.</summary>
public sealed record TextChunk(int Ordinal, string Text, int Start, int End, int TokenCount);
