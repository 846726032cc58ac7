namespace EventSourcedRag.Domain.Experiments;

/// <summary>Where an experiment stands, folded from its stream.</summary>
public abstract record ExperimentState
{
    private ExperimentState() { }

    public sealed record NotStarted : ExperimentState;

    /// <param name="LastWindow">The last evaluation window decided (0: none yet).</param>
    /// <param name="SequentialPValues">The current stage's always-valid p-values so far.</param>
    public sealed record Running(
        ExperimentStarted Setup, int StageIndex, DateTimeOffset StageStartedAt, long LastWindow,
        IReadOnlyDictionary<string, double> SequentialPValues, bool PromotionApproved) : ExperimentState
    {
        public double TreatmentShare => Setup.Stages[StageIndex];
    }

    public sealed record Ended(ExperimentStarted Setup, string Outcome) : ExperimentState;

    public static readonly ExperimentState Initial = new NotStarted();
}
