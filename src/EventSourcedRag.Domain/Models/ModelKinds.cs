namespace EventSourcedRag.Domain.Models;

/// <summary>What a model does when it serves; each tenant has at most one of each kind in service.</summary>
public static class ModelKinds
{
    /// <summary>LambdaMART over the ranking features: reorders the head of the fused candidates.</summary>
    public const string Reranker = "reranker";

    /// <summary>A linear map on query embeddings: changes what the dense retriever finds, documents untouched.</summary>
    public const string QueryAdapter = "query-adapter";

    public static readonly IReadOnlyList<string> All = [Reranker, QueryAdapter];

    public static bool IsKnown(string kind) => All.Contains(kind);
}
