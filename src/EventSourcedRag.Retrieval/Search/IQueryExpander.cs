namespace EventSourcedRag.Retrieval.Search;

/// <summary>
/// A learned model that adds documents' words to a query before the first stage, so documents that never use the
/// user's words can be found at all. Applied to the lexical query (each added word at its weight) and, for the
/// heaviest, to the text the dense encoder embeds.
/// </summary>
public interface IQueryExpander
{
    /// <summary>The model version that names this expander in served events.</summary>
    string Version { get; }

    /// <summary>Expansions at least this heavy are also appended to the text the dense encoder embeds.</summary>
    double DenseMinWeight { get; }

    /// <summary>The expansions of the query's analysed words; <paramref name="inCorpus"/> tells whether documents use a word themselves.</summary>
    IReadOnlyList<QueryExpansion> Expand(IReadOnlyList<string> queryTerms, Func<string, bool> inCorpus);
}
