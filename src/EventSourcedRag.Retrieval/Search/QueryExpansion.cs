namespace EventSourcedRag.Retrieval.Search;

/// <summary>One word added to a query: which query word it came from, the analysed word, its written form and its weight.</summary>
public sealed record QueryExpansion(string From, string Term, string Surface, double Weight);
