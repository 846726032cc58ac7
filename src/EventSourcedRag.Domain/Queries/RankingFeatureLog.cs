namespace EventSourcedRag.Domain.Queries;

/// <summary>The feature rows of the shown results, one per shown position, under the named columns.</summary>
public sealed record RankingFeatureLog(IReadOnlyList<string> Names, IReadOnlyList<LoggedFeatures> Rows);
