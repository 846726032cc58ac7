namespace EventSourcedRag.Cli.Benchmarking;

/// <param name="FitSplit">When set, the linear reranker's weights are fitted on this split's queries first.</param>
/// <param name="FitFeatures">Features the fit may use (all when empty); the others keep weight 0.</param>
public sealed record BenchSettings(string Dataset, string Split, string? FitSplit, IReadOnlyList<string> FitFeatures, int Repeats, bool Json);
