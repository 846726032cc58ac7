namespace EventSourcedRag.Retrieval.Ranking;

/// <summary>One first-stage candidate as the feature extractor sees it.</summary>
/// <param name="Terms">The chunk's analysed title + text, in order.</param>
/// <param name="TitleTerms">The chunk's analysed title.</param>
/// <param name="Prior">Feedback on this candidate known at serve time (none for an unseen one).</param>
public readonly record struct Candidate(
    IReadOnlyList<string> Terms, IReadOnlyList<string> TitleTerms, double? Bm25, int? Bm25Rank, double? Dense, int? DenseRank, double Fused,
    FeedbackPrior Prior = default);
