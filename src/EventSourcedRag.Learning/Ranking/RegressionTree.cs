namespace EventSourcedRag.Learning.Ranking;

/// <summary>
/// One tree. Node i sends a row left when row[Feature[i]] ≤ Threshold[i]; a negative child c is leaf ~c.
/// A tree with one leaf has no nodes.
/// </summary>
public sealed record RegressionTree(int[] Feature, float[] Threshold, int[] Left, int[] Right, double[] LeafValues, double Weight)
{
    public int NodeCount => Feature.Length;

    public int LeafOf(ReadOnlySpan<float> row)
    {
        if (NodeCount == 0) return 0;
        var node = 0;
        while (node >= 0) node = row[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
        return ~node;
    }
}
