using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Queries;

public sealed record SourceView(Guid ChunkId, Guid DocumentId, string Title, string Snippet, double Score, int Position)
{
    private const int SnippetLength = 240;

    /// <summary>A shown result as clients see it: the final stage's score and the chunk's opening, cut at a word.</summary>
    public static SourceView Of(SearchHit h) =>
        new(h.Chunk.ChunkId, h.Chunk.DocumentId, h.Chunk.Title, Cut(h.Chunk.Text), Math.Round(h.Rerank ?? h.Fused, 6), h.Position);

    private static string Cut(string text)
    {
        if (text.Length <= SnippetLength) return text;
        var cut = text.LastIndexOf(' ', SnippetLength - 1);
        return text[..(cut > 0 ? cut : SnippetLength)] + " …";
    }
}
