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
