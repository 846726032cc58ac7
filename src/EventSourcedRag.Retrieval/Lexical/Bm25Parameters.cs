namespace EventSourcedRag.Retrieval.Lexical;

/// <summary>BM25 term-frequency saturation (k1) and length normalisation (b). Defaults are Anserini's.</summary>
public sealed record Bm25Parameters(double K1 = 0.9, double B = 0.4);
