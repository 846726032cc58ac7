namespace EventSourcedRag.Retrieval.Ranking;

/// <summary>
/// The features a candidate is reranked with, in a fixed order: trained rankers (and their ONNX graphs) take a
/// row in exactly this order, and the query events log it, so a model is always trained on what it will see.
/// </summary>
public static class RankingFeatures
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "bm25",            // BM25 of title + text (0 when the lexical retriever did not return it)
        "bm25_norm",       // bm25 over the query's best bm25
        "bm25_rr",         // 1 / BM25 rank, 0 when absent
        "dense",           // cosine to the query, 0 when absent
        "dense_norm",      // dense over the query's best dense
        "dense_rr",        // 1 / dense rank, 0 when absent
        "fused",           // the first stage's fused score
        "coverage",        // idf-weighted share of the query's terms found in the chunk
        "title_coverage",  // idf-weighted share of the query's terms found in the title
        "proximity",       // log(1 + Σ min idf / distance²) over nearby pairs of different query terms (BM25TP)
        "bigrams",         // share of the query's adjacent term pairs found adjacent in the chunk
        "log_length",      // log(1 + analysed terms in the chunk)
        "prior_query_ctr",  // FeedbackPrior.QueryCtr: how often earlier users of this query clicked it when they saw it
        "prior_query_exam", // log(1 + FeedbackPrior.QueryExaminations): how much evidence the ctr stands on
        "prior_query_skip", // FeedbackPrior.QuerySkips: how often it was passed over for a result below it
        "prior_chunk_ctr",  // FeedbackPrior.ChunkCtr: clicks for any query over examinations
    ];

    public static int Count => Names.Count;

    public static int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
            if (string.Equals(Names[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }
}
