namespace EventSourcedRag.Learning.Steering;

/// <summary>
/// One choice a user made: in response <paramref name="Response"/> they asked <paramref name="Query"/> (its embedding, as
/// the encoder gave it) and chose the chunk <paramref name="Chosen"/>; <paramref name="Negatives"/> are what they passed
/// over or flagged in the same list. Steering learns from a user's own choices only.
/// </summary>
/// <param name="User">The user's keyed hash: the only identity steering knows.</param>
/// <param name="Weight">How much the choice counts (the feedback's confidence over its examination propensity).</param>
public sealed record SteeringExample(
    string User, string Response, float[] Query, string ChosenId, float[] Chosen, IReadOnlyList<float[]> Negatives, double Weight);
