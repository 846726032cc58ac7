namespace EventSourcedRag.Retrieval.Search;

/// <summary>Which stages a query runs.</summary>
public enum RetrieverMode
{
    /// <summary>Lexical (BM25) only.</summary>
    Bm25,

    /// <summary>Dense vectors only.</summary>
    Dense,

    /// <summary>BM25 and dense, fused.</summary>
    Hybrid,

    /// <summary>Hybrid, then the rerank stage.</summary>
    Full,
}
