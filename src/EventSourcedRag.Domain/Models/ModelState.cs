namespace EventSourcedRag.Domain.Models;

/// <summary>Where a model version stands, folded from its stream.</summary>
public abstract record ModelState
{
    private ModelState() { }

    /// <summary>No stream: the version was never trained here.</summary>
    public sealed record Unknown : ModelState;

    /// <param name="Verdict">null until the gate has spoken; then true (validated) or false (rejected).</param>
    public sealed record Trained(string ModelVersion, string Kind, bool? Verdict, ModelPlacement Placement) : ModelState
    {
        /// <summary>The deployment stage, null while never deployed.</summary>
        public ModelStage? Stage => Placement.Stage;

        public double TrafficShare => Placement.TrafficShare;
    }

    public static readonly ModelState Initial = new Unknown();
}
