namespace EventSourcedRag.Projections.Training;

public sealed record RecordedSignal(TrainingSignal Kind, Guid? ChunkId)
{
    public Guid EventId { get; init; }
    public long Sequence { get; init; }
}
