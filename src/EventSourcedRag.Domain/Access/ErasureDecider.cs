namespace EventSourcedRag.Domain.Access;

/// <summary>
/// Decides a subject's erasure stream (one per tenant and subject): the erasure and the models flagged for retraining,
/// once. State: the erasure as recorded, null before. Pure: no I/O, no clock.
/// </summary>
public static class ErasureDecider
{
    public static SubjectErased? Evolve(SubjectErased? state, object @event) => @event is SubjectErased e && state is null ? e : state;

    public static object[] Decide(EraseSubject c, SubjectErased? state)
    {
        if (state is not null) return []; // erased already: the key stays destroyed and nothing is recorded twice
        if (string.IsNullOrWhiteSpace(c.SubjectHash)) throw new DomainRuleViolated("invalid_subject", "Name the user id to erase.");
        if (string.IsNullOrWhiteSpace(c.Reason)) throw new DomainRuleViolated("reason_required", "Say why (the request reference), for the auditor.");
        return
        [
            new SubjectErased(c.SubjectHash, c.Reason.Trim(), c.Now),
            .. c.ModelsTrainedOnSubject.Select(v => new ModelFlaggedForRetraining(v, c.SubjectHash, $"trained on data of erased subject {c.SubjectHash}", c.Now)),
        ];
    }
}
