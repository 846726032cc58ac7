namespace EventSourcedRag.Domain.Access;

/// <summary>
/// Decides the record of a retention run, the only event of its stream (one per run id). State: the run as recorded,
/// null before. Pure: no I/O, no clock.
/// </summary>
public static class RetentionDecider
{
    public static RetentionApplied? Evolve(RetentionApplied? state, object @event) => @event is RetentionApplied e ? e : state;

    public static object[] Decide(RecordRetentionRun c, RetentionApplied? state)
    {
        if (state is not null) return []; // the run is on record already: a retry of its commit
        if (c.Category is not (RetentionPolicy.Queries or RetentionPolicy.Feedback))
            throw new DomainRuleViolated("invalid_category", $"Retention removes '{RetentionPolicy.Queries}' or '{RetentionPolicy.Feedback}', not '{c.Category}'.");
        // A run that removes nothing would mark no link, and the verifier could not tell it from a gap.
        if (c.StreamsRemoved <= 0 || c.Sequences.Count == 0)
            throw new DomainRuleViolated("nothing_removed", "A retention run records the streams and events it removes; this one removes none.");
        if (c.EventTypes.Count != c.Sequences.Count)
            throw new DomainRuleViolated("invalid_removal", $"{c.Sequences.Count} events removed but {c.EventTypes.Count} types given.");
        if (string.IsNullOrWhiteSpace(c.RemovedDigest))
            throw new DomainRuleViolated("invalid_removal", "The digest of the removed links is what lets a verifier tell retention from deletion.");
        return
        [
            new RetentionApplied(c.RunId, c.Category, c.Cutoff, c.StreamsRemoved, c.Sequences.Count, c.Sequences.Min(), c.Sequences.Max(),
                c.EventTypes.Distinct().Order(StringComparer.Ordinal).ToList(), c.RemovedDigest, c.Now),
        ];
    }
}
