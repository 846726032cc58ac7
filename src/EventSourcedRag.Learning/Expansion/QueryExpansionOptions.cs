using System.Globalization;

namespace EventSourcedRag.Learning.Expansion;

/// <summary>How a query-expansion model is learned from click-through (configuration section <c>Learning:QueryExpansion</c>).</summary>
public sealed record QueryExpansionOptions
{
    /// <summary>
    /// Distinct users who must have chosen documents with the expansion word after asking with the query word. One
    /// user, however many times they click, cannot teach an expansion: that is the defence against a single user's
    /// spam, and against one person's idiosyncrasy.
    /// </summary>
    public int MinUsers { get; init; } = 2;

    /// <summary>Share of the users who asked with the query word whose chosen documents hold the expansion word.</summary>
    public double MinConfidence { get; init; } = 0.3;

    /// <summary>
    /// How much more often the expansion word is in the chosen documents than in documents at large. Words every
    /// document has (and the words of whatever a noisy click happened to land on) do not reach it.
    /// </summary>
    public double MinLift { get; init; } = 3;

    /// <summary>Expansions kept per query word, strongest first.</summary>
    public int MaxPerTerm { get; init; } = 6;

    /// <summary>The most distinctive words (by tf-idf) of a chosen chunk that count as its words.</summary>
    public int MaxChunkTerms { get; init; } = 40;

    /// <summary>
    /// The weight of an expansion of a query word the corpus already uses, relative to one of a word it never uses.
    /// Where the documents already speak the user's language the expansion should only nudge; where they never do,
    /// the expansion is all the query has.
    /// </summary>
    public double KnownTermWeight { get; init; } = 0.3;

    /// <summary>Expansions at least this heavy are also appended to the text the dense encoder embeds.</summary>
    public double DenseMinWeight { get; init; } = 0.5;

    /// <summary>Fewer responses with a chosen document than this are too little to learn any association from.</summary>
    public int MinExamples { get; init; } = 20;

    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["min_users"] = MinUsers.ToString(CultureInfo.InvariantCulture),
        ["min_confidence"] = MinConfidence.ToString("R", CultureInfo.InvariantCulture),
        ["min_lift"] = MinLift.ToString("R", CultureInfo.InvariantCulture),
        ["max_per_term"] = MaxPerTerm.ToString(CultureInfo.InvariantCulture),
        ["max_chunk_terms"] = MaxChunkTerms.ToString(CultureInfo.InvariantCulture),
        ["known_term_weight"] = KnownTermWeight.ToString("R", CultureInfo.InvariantCulture),
        ["dense_min_weight"] = DenseMinWeight.ToString("R", CultureInfo.InvariantCulture),
    };

    public IEnumerable<string> Validate()
    {
        if (MinUsers is < 1 or > 1000) yield return "Learning:QueryExpansion:MinUsers must be between 1 and 1000.";
        if (MinConfidence is <= 0 or > 1) yield return "Learning:QueryExpansion:MinConfidence must be in (0, 1].";
        if (MinLift < 1) yield return "Learning:QueryExpansion:MinLift must be at least 1.";
        if (MaxPerTerm is < 1 or > 100) yield return "Learning:QueryExpansion:MaxPerTerm must be between 1 and 100.";
        if (MaxChunkTerms is < 1 or > 10_000) yield return "Learning:QueryExpansion:MaxChunkTerms must be between 1 and 10,000.";
        if (KnownTermWeight is < 0 or > 1) yield return "Learning:QueryExpansion:KnownTermWeight must be in [0, 1].";
        if (DenseMinWeight < 0) yield return "Learning:QueryExpansion:DenseMinWeight must not be negative.";
        if (MinExamples < 1) yield return "Learning:QueryExpansion:MinExamples must be at least 1.";
    }
}
