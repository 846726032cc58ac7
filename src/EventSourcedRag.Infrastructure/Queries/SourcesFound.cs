using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Search;

namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>The ranked sources, known before the answer is written: the first thing a streaming client sees.</summary>
public sealed record SourcesFound(IReadOnlyList<SourceView> Sources, ModelInfo ModelInfo, IReadOnlyList<Degradation>? Degraded, IndexFreshness Freshness);
