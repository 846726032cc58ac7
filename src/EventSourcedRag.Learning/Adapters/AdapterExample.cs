namespace EventSourcedRag.Learning.Adapters;

/// <summary>
/// One thing a user showed: for this query (its embedding, as the encoder gave it) the chunk <see cref="PositiveId"/>
/// served them; the hard negatives are results they passed over above it or flagged as the wrong source.
/// </summary>
/// <param name="Group">Examples of the same query share a group: their positives are never each other's negatives.</param>
/// <param name="Weight">How much the example counts (the feedback's confidence over its examination propensity).</param>
public sealed record AdapterExample(
    string Group, float[] Query, string PositiveId, float[] Positive, IReadOnlyList<float[]> HardNegatives, float Weight);
