using EventSourcedRag.Projections.Feedback;

namespace EventSourcedRag.Projections.Training;

/// <summary>
/// One observed preference: for this query the user showed that <see cref="PositiveChunk"/> served them better
/// than <see cref="NegativeChunk"/>. Signals name the evidence, weights are the configured signal weights summed
/// per side, and <see cref="Provenance"/> lists the events it was derived from, in log order.
/// </summary>
public sealed class TrainingPair
{
    public string Tenant { get; set; } = "";
    public Guid ResponseId { get; set; }
    public string Query { get; set; } = "";
    public string NormalizedQuery { get; set; } = "";

    /// <summary>The (keyed, pseudonymous) hash of the user who asked: learners count evidence per user, so one user cannot outvote many.</summary>
    public string UserHash { get; set; } = "";
    public Guid PositiveChunk { get; set; }
    public Guid? PositiveDocument { get; set; }
    public int? PositivePosition { get; set; }
    public List<TrainingSignal> PositiveSignals { get; set; } = [];
    public double PositiveWeight { get; set; }
    public Guid NegativeChunk { get; set; }
    public Guid? NegativeDocument { get; set; }
    public int? NegativePosition { get; set; }
    public List<TrainingSignal> NegativeSignals { get; set; } = [];
    public double NegativeWeight { get; set; }
    public List<Guid> Provenance { get; set; } = [];
    public long FirstSequence { get; set; }
    public long LastSequence { get; set; }

    public static string KeyOf(string tenant, Guid responseId, Guid positive, Guid negative) => $"{tenant}|{responseId:N}|{positive:N}|{negative:N}";

    /// <summary>
    /// How far to trust the pair, in [0, 1]: each side's weight capped at 1, times, for a negative known only from
    /// not being clicked beside a click (skip-above, no-click-next), the propensity that its rank was examined at all.
    /// </summary>
    public double Confidence(IReadOnlyList<double> propensities)
    {
        var confidence = Math.Min(1, PositiveWeight) * Math.Min(1, Math.Abs(NegativeWeight));
        if (NegativeSignals is [TrainingSignal.SkipAbove] or [TrainingSignal.NoClickNext] or [TrainingSignal.SkipAbove, TrainingSignal.NoClickNext]
            && NegativePosition is { } rank)
            confidence *= PositionPropensities.At(propensities, rank);
        return confidence;
    }
}
