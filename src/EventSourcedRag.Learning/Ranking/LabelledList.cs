namespace EventSourcedRag.Learning.Ranking;

/// <summary>
/// One served result list prepared for learning to rank: the feature rows logged when it was served, a graded
/// label per row (0 = not relevant) and a weight per row (confidence over examination propensity).
/// </summary>
/// <param name="Key">What the list came from (a response id), for provenance and a stable order.</param>
public sealed record LabelledList(string Key, IReadOnlyList<float[]> Rows, IReadOnlyList<int> Labels, IReadOnlyList<float> Weights)
{
    public bool HasRelevant => Labels.Any(l => l > 0);
}
