namespace EventSourcedRag.Infrastructure.Audit;

/// <summary>The first thing <see cref="AuditChain.VerifyAsync"/> found wrong, naming the event.</summary>
/// <param name="Kind">altered, deleted, chain_broken or checkpoint_invalid.</param>
public sealed record AuditProblem(long Sequence, string Kind, string Detail);
