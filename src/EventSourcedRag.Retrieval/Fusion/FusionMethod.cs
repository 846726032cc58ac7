namespace EventSourcedRag.Retrieval.Fusion;

/// <summary>How lexical and dense result lists are merged.</summary>
public enum FusionMethod
{
    /// <summary>Reciprocal-rank fusion: Σ 1 / (k + rank); robust to incomparable score scales.</summary>
    Rrf,

    /// <summary>Min-max normalised scores, weighted and summed.</summary>
    Weighted,
}
