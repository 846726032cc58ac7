using EventSourcedRag.Retrieval.Fusion;

namespace EventSourcedRag.Retrieval.Search;

/// <param name="CandidateDepth">How many candidates each retriever contributes to fusion.</param>
public sealed record SearchRequest(string Text, int TopK, FusionMethod Fusion, SearchFilter Filter, int CandidateDepth = 100, RetrieverMode Mode = RetrieverMode.Hybrid);
