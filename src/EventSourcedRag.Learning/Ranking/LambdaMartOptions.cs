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

    public IEnumerable<string> Validate()
    {
        if (Trees is < 1 or > 5000) yield return "Learning:LambdaMart:Trees must be 1 to 5000.";
        if (Leaves is < 2 or > 1024) yield return "Learning:LambdaMart:Leaves must be 2 to 1024.";
        if (MinRowsPerLeaf < 1) yield return "Learning:LambdaMart:MinRowsPerLeaf must be at least 1.";
        if (LearningRate is <= 0 or > 1) yield return "Learning:LambdaMart:LearningRate must be in (0, 1].";
        if (L2 < 0) yield return "Learning:LambdaMart:L2 must not be negative.";
        if (NdcgAt < 1) yield return "Learning:LambdaMart:NdcgAt must be at least 1.";
    }

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
