namespace EventSourcedRag.Retrieval.Search;

/// <summary>A reranker that failed on a query, and the error; the query was served in first-stage order.</summary>
public sealed record SkippedRerank(string Reranker, string Reason);
