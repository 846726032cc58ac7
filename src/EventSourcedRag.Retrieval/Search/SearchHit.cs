namespace EventSourcedRag.Retrieval.Search;

/// <summary>One fused result with every stage's score and rank (null where that retriever did not return it). Positions start at 1.</summary>
public sealed record SearchHit(IndexedChunk Chunk, int Position, double? Bm25, int? Bm25Rank, double? Dense, int? DenseRank, double Fused);
