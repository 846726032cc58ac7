namespace EventSourcedRag.Infrastructure.Audit;

/// <summary>What a verification checked and what it found.</summary>
public sealed record AuditReport(long EventsChecked, long ChainHead, int CheckpointsChecked, long UnchainedEvents, AuditProblem? Problem)
{
    public bool Intact => Problem is null;
}
