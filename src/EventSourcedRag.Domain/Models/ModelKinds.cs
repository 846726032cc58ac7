namespace EventSourcedRag.Domain.Models;

/// <summary>What a model does when it serves; each tenant has at most one of each kind in service.</summary>
public static class ModelKinds
{
    /// <summary>LambdaMART over the ranking features: reorders the head of the fused candidates.</summary>
    public const string Reranker = "reranker";

    /// <summary>A linear map on query embeddings: changes what the dense retriever finds, documents untouched.</summary>
    public const string QueryAdapter = "query-adapter";

    /// <summary>Learned word associations: adds documents' words to a query, so documents that never use the user's words are found.</summary>
    public const string QueryExpansion = "query-expansion";

    /// <summary>Per-user directions added to a user's query embedding: what each user keeps choosing beyond what they ask.</summary>
    public const string PersonalSteering = "personal-steering";

    public static readonly IReadOnlyList<string> All = [Reranker, QueryAdapter, QueryExpansion, PersonalSteering];

    public static bool IsKnown(string kind) => All.Contains(kind);
}
