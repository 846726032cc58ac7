namespace EventSourcedRag.Learning.Ranking;

/// <summary>
/// A boosted tree ensemble as plain arrays, independent of the library that trained it: the ONNX export and the
/// in-process scorer both read this, so what is served is exactly what was trained.
/// </summary>
/// <param name="Width">How many features a row has.</param>
/// <param name="Bias">Added to the weighted sum of the trees.</param>
public sealed record TreeEnsemble(int Width, double Bias, IReadOnlyList<RegressionTree> Trees)
{
    public double Score(ReadOnlySpan<float> row)
    {
        var sum = Bias;
        foreach (var tree in Trees) sum += tree.Weight * tree.LeafValues[tree.LeafOf(row)];
        return sum;
    }
}

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
