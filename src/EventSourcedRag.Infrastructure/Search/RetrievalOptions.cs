using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Lexical;
using EventSourcedRag.Retrieval.Ranking;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Search;

/// <summary>Ranking defaults; requests may override TopK and Fusion. Section "Retrieval".</summary>
public sealed class RetrievalOptions
{
    public const string Section = "Retrieval";

    /// <summary>Sources returned per query unless the request asks otherwise.</summary>
    public int TopK { get; set; } = 5;

    /// <summary>Candidates each retriever hands to fusion.</summary>
    public int CandidateDepth { get; set; } = 100;

    /// <summary>"weighted" (min-max normalised scores, weighted and summed) or "rrf" (reciprocal-rank fusion).</summary>
    public string Fusion { get; set; } = "weighted";

    public double Bm25K1 { get; set; } = 0.9;
    public double Bm25B { get; set; } = 0.4;

    /// <summary>Weight of a separate title-field BM25 score added to the title + text score; 0 turns it off.</summary>
    public double TitleBoost { get; set; } = 0.3;

    /// <summary>Acronyms and synonyms added to queries that contain them, e.g. "PTO": "paid time off".</summary>
    public Dictionary<string, string> Synonyms { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Dimensions of the corpus-fitted LSA encoder.</summary>
    public int DenseDimensions { get; set; } = 256;

    /// <summary>Weight of the BM25 list in fusion.</summary>
    public double LexicalWeight { get; set; } = 1.0;

    /// <summary>
    /// Weight of the dense list in fusion (relative to BM25's). Unset: the weight tuned for the configured encoder on
    /// SciFact's training queries (<see cref="Embeddings.PretrainedEncoder.DenseWeight"/>; 0.4 for LSA).
    /// </summary>
    public double? DenseWeight { get; set; }

    /// <summary>The weight of the corpus-fitted LSA encoder, and of an encoder no weight was tuned for.</summary>
    public const double LsaDenseWeight = 0.4;

    /// <summary>Folder for the search index snapshot, so a restart loads it instead of replaying the log; empty turns snapshots off. A relative path is under the host's content root (its binaries' folder).</summary>
    public string? SnapshotFolder { get; set; }

    /// <summary>A snapshot is written after this many new events (and when the host stops).</summary>
    public int SnapshotEveryEvents { get; set; } = 5000;

    /// <summary>How often the search index polls the event log for new document events.</summary>
    public TimeSpan IndexPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A query answered by an index that has not been level with the event log for this long reports itself as
    /// stale (still served: the index trails, it is not wrong). Several poll intervals, so ordinary ingestion never trips it.
    /// </summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the answer generator may take; past it the sources are served without an answer.</summary>
    public TimeSpan GenerateTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Fused candidates the rerank stage reorders (retriever "full").</summary>
    public int RerankDepth { get; set; } = 50;

    /// <summary>
    /// How many first-stage candidates a reranker trained from feedback reorders. Its training lists only ever
    /// held what users were shown (top_k), so deeper candidates would be rows unlike any it learned from; at this
    /// depth it reorders the shown results and never changes which are shown.
    /// </summary>
    public int LearnedRerankDepth { get; set; } = 10;

    /// <summary>Weights of the linear reranker by feature name (see RankingFeatures); empty uses the fitted defaults.</summary>
    public Dictionary<string, double> RerankerWeights { get; set; } = new(StringComparer.Ordinal);

    /// <summary>"bm25", "dense", "hybrid" or "full" (hybrid + rerank).</summary>
    public string Retriever { get; set; } = "hybrid";

    public FusionMethod FusionMethod => ParseFusion(Fusion) ?? FusionMethod.Weighted;

    public RetrieverMode RetrieverMode => ParseRetriever(Retriever) ?? RetrieverMode.Hybrid;

    public static RetrieverMode? ParseRetriever(string? value) => value?.ToLowerInvariant() switch
    {
        "bm25" => RetrieverMode.Bm25,
        "dense" => RetrieverMode.Dense,
        "hybrid" => RetrieverMode.Hybrid,
        "full" => RetrieverMode.Full,
        _ => null,
    };

    public static FusionMethod? ParseFusion(string? value) => value?.ToLowerInvariant() switch
    {
        "rrf" => FusionMethod.Rrf,
        "weighted" => FusionMethod.Weighted,
        _ => null,
    };

    /// <summary>Served responses that show one candidate from below the cut, so feedback reaches what the models are unsure of.</summary>
    public ExplorationOptions Exploration { get; set; } = new();

    public RetrievalSettings ToSettings() =>
        new(new Bm25Parameters(Bm25K1, Bm25B), new LsaOptions(DenseDimensions), LexicalWeight, DenseWeight ?? LsaDenseWeight, TitleBoost: TitleBoost);

    public IEnumerable<string> Validate()
    {
        if (TopK is < 1 or > 100) yield return "Retrieval:TopK must be between 1 and 100.";
        if (CandidateDepth < TopK) yield return "Retrieval:CandidateDepth must be at least TopK.";
        if (ParseFusion(Fusion) is null) yield return "Retrieval:Fusion must be rrf or weighted.";
        if (ParseRetriever(Retriever) is null) yield return "Retrieval:Retriever must be bm25, dense, hybrid or full.";
        if (TitleBoost is < 0 or > 10) yield return "Retrieval:TitleBoost must be between 0 and 10.";
        if (RerankDepth is < 1 or > 1000) yield return "Retrieval:RerankDepth must be between 1 and 1000.";
        if (LearnedRerankDepth is < 1 or > 1000) yield return "Retrieval:LearnedRerankDepth must be between 1 and 1000.";
        if (RerankerWeights.Keys.FirstOrDefault(k => RankingFeatures.IndexOf(k) < 0) is { } unknown)
            yield return $"Retrieval:RerankerWeights names an unknown feature '{unknown}'; known: {string.Join(", ", RankingFeatures.Names)}.";
        else if (RerankerWeights.Count > 0 && RerankerWeights.Values.All(w => w == 0)) yield return "Retrieval:RerankerWeights needs a non-zero weight.";
        if (StaleAfter <= TimeSpan.Zero) yield return "Retrieval:StaleAfter must be positive.";
        if (GenerateTimeout < TimeSpan.FromMilliseconds(10) || GenerateTimeout > TimeSpan.FromMinutes(10)) yield return "Retrieval:GenerateTimeout must be between 10 ms and 10 minutes.";
        if (DenseDimensions is < 2 or > 2048) yield return "Retrieval:DenseDimensions must be between 2 and 2048.";
        foreach (var problem in Exploration.Validate()) yield return problem;
    }
}
