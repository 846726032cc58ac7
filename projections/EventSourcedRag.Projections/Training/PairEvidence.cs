using EventSourcedRag.Projections.ReadModels;

namespace EventSourcedRag.Projections.Training;

/// <summary>What the pair projection remembers of one response: its context and every pair-relevant signal so far.</summary>
public sealed class PairEvidence
{
    public Guid ResponseId { get; set; }
    public ResponseContext Context { get; set; } = new();
    public List<RecordedSignal> Signals { get; set; } = [];
    public List<string> PairKeys { get; set; } = [];
}
