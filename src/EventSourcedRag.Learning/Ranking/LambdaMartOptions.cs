namespace EventSourcedRag.Learning.Ranking;

/// <summary>Hyper-parameters of the LambdaMART reranker; recorded in full on <c>ModelTrained</c>.</summary>
public sealed record LambdaMartOptions
{
    public int Trees { get; init; } = 100;
    public int Leaves { get; init; } = 15;
    public int MinRowsPerLeaf { get; init; } = 20;
    public double LearningRate { get; init; } = 0.05;

    /// <summary>L2 regularisation of leaf values: keeps trees trained on little feedback from over-reacting.</summary>
    public double L2 { get; init; } = 1.0;

    /// <summary>The truncation level of the NDCG that lambdas optimise.</summary>
    public int NdcgAt { get; init; } = 10;

    public int Seed { get; init; } = 7;

    public IReadOnlyDictionary<string, string> Describe() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["algorithm"] = "lambdamart-lightgbm",
        ["trees"] = Inv(Trees),
        ["leaves"] = Inv(Leaves),
        ["min_rows_per_leaf"] = Inv(MinRowsPerLeaf),
        ["learning_rate"] = Inv(LearningRate),
        ["l2"] = Inv(L2),
        ["ndcg_at"] = Inv(NdcgAt),
    };

    private static string Inv(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
}
