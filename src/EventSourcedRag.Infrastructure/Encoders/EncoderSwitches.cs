using EventSourcedRag.Domain;
using EventSourcedRag.Domain.Encoders;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Infrastructure.Encoders;

/// <summary>Starting, cancelling and watching a tenant's encoder switch: the commands behind the API and the CLI.</summary>
public sealed class EncoderSwitches(TenantEncoders encoders, ChunkVectorStore vectors, TimeProvider clock, SearchIndexes? indexes = null)
{
    /// <param name="model">A packaged encoder's name (all-MiniLM-L6-v2, arctic-embed-xs).</param>
    /// <param name="maxLength">Tokens per text; 0 takes the model's own.</param>
    public async Task<EncoderStatus> StartAsync(string tenant, string model, int maxLength, string reason, string actor, CancellationToken ct)
    {
        if (maxLength != 0 && maxLength is < 8 or > 512) throw new DomainRuleViolated("invalid_max_length", "max_length must be 0 (the model's own) or 8 to 512.");
        var lsa = string.Equals(model, EmbeddingOptions.Lsa, StringComparison.OrdinalIgnoreCase);
        var target = lsa ? EmbeddingOptions.Lsa
            : EncoderLibrary.VersionOf(model, maxLength)
              ?? throw new DomainRuleViolated("unknown_encoder", $"model must be one of {string.Join(", ", PretrainedEncoders.All.Select(e => e.Spec.Name))}; '{model}' is none of them.");
        RequireReason(reason);
        await encoders.HandleAsync(tenant, new StartEncoderSwitch(encoders.Configured, target, lsa, reason, actor, clock.GetUtcNow()), actor, ct);
        return await StatusAsync(tenant, ct);
    }

    public async Task<EncoderStatus> CancelAsync(string tenant, string reason, string actor, CancellationToken ct)
    {
        RequireReason(reason);
        await encoders.HandleAsync(tenant, new CancelEncoderSwitch(reason, actor, clock.GetUtcNow()), actor, ct);
        return await StatusAsync(tenant, ct);
    }

    private static void RequireReason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500) throw new DomainRuleViolated("invalid_reason", "reason is required, at most 500 characters: it is kept for the auditor.");
    }

    public async Task<EncoderStatus> StatusAsync(string tenant, CancellationToken ct)
    {
        var state = await encoders.StateAsync(tenant, ct);
        var serving = state.ServingOr(encoders.Configured);
        if (state.Target is not { } target) return new EncoderStatus(encoders.Configured, serving, null, null, null, null);
        var stored = await vectors.CountAsync(tenant, target, ct);
        if (indexes is null) return new EncoderStatus(encoders.Configured, serving, target, null, null, stored);
        var live = indexes.For(tenant).Snapshot().Select(c => EmbeddingInput.Hash(c.Title, c.Text)).ToHashSet(StringComparer.Ordinal);
        var missing = await vectors.MissingAsync(tenant, target, live, ct);
        return new EncoderStatus(encoders.Configured, serving, target, live.Count, missing.Count, stored);
    }
}
