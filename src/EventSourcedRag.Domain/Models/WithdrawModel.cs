namespace EventSourcedRag.Domain.Models;

/// <summary>
/// Take a model out of service with no successor and no rollback, e.g. the treatment of an experiment that ended
/// inconclusive: the control never stopped serving, so nothing is restored.
/// </summary>
public sealed record WithdrawModel(string ModelVersion, string Reason, DateTimeOffset Now);
