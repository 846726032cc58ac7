namespace EventSourcedRag.Learning.Expansion;

/// <param name="Terms">The chunk's analysed words with their counts.</param>
/// <param name="Surfaces">Per analysed word, the word as the chunk writes it (for the dense query's text).</param>
public sealed record ChosenChunk(IReadOnlyDictionary<string, int> Terms, IReadOnlyDictionary<string, string> Surfaces, double Weight);
