using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Retrieval.Search;

/// <summary>
/// Where a collection's LSA encoder is fitted: the first time it holds <see cref="LsaOptions.MinDocuments"/> chunks,
/// then whenever the chunks added and removed since the last fit point reach <see cref="LsaOptions.RefitAfterChange"/>
/// of those it held there. A function of the changes alone, never of when queries arrive or how long a fit takes,
/// so every host folding the same log declares the same points, and a replay can fit the encoder a response used.
/// </summary>
public readonly record struct FitPoints(bool Declared, int LiveAtLast, int ChangedSinceLast)
{
    public static readonly FitPoints None = new(false, 0, 0);

    public FitPoints Changed(int removed, int added) => this with { ChangedSinceLast = ChangedSinceLast + removed + added };

    public bool Due(int live, LsaOptions options) =>
        Declared
            ? ChangedSinceLast > 0 && ChangedSinceLast >= Math.Max(options.MinDocuments, options.RefitAfterChange * LiveAtLast)
            : live >= options.MinDocuments;

    public FitPoints DeclaredAt(int live) => new(true, live, 0);
}
