namespace EventSourcedRag.Infrastructure.Audit;

/// <summary>What an auditor searches the query log by; every part is optional.</summary>
/// <param name="User">A raw user id, hashed here as serving hashed it (the raw id is never stored).</param>
/// <param name="Model">A model version or name: matches the retriever, embedding model, reranker, generator or experiment variant.</param>
/// <param name="Text">Words the question contained (case-insensitive substring).</param>
public sealed record QueryLogFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, string? User = null, string? UserHash = null,
    string? Model = null, string? Text = null, int Limit = 50);
