namespace EventSourcedRag.Domain.Encoders;

/// <summary>
/// Decides a tenant's encoder switches (blue/green): at most one in progress, completed only when every live chunk has
/// a vector under the target and none is mid-embedding. Pure: the caller counts the vectors.
/// </summary>
public static class EncoderDecider
{
    public static EncoderState Evolve(EncoderState state, object @event) => @event switch
    {
        EncoderSwitchStarted e => state with { Target = e.To, From = e.From },
        EncoderSwitched e => new EncoderState(e.To, null, null),
        EncoderSwitchCancelled => state with { Target = null, From = null },
        _ => state,
    };

    public static object[] Decide(object command, EncoderState state) => command switch
    {
        StartEncoderSwitch c => Start(c, state),
        CompleteEncoderSwitch c => Complete(c, state),
        CancelEncoderSwitch c => Cancel(c, state),
        _ => throw new ArgumentException($"Unknown command {command.GetType().Name}", nameof(command)),
    };

    private static object[] Start(StartEncoderSwitch c, EncoderState state)
    {
        if (c.TargetNeedsNoModel)
            throw new DomainRuleViolated("not_a_switch_target",
                "The corpus-fitted LSA encoder is fitted by every host and stores no vectors; choose it with Embedding:Model, not with a switch.");
        if (state.Target == c.Target) return []; // started already: a retry changes nothing
        if (state.Switching)
            throw new DomainRuleViolated("switch_in_progress", $"A switch to {state.Target} is in progress; cancel it before starting another.");
        if (state.ServingOr(c.Configured) == c.Target)
            throw new DomainRuleViolated("already_serving", $"{c.Target} serves already.");
        return [new EncoderSwitchStarted(state.ServingOr(c.Configured), c.Target, c.Reason, c.Actor, c.Now)];
    }

    private static object[] Complete(CompleteEncoderSwitch c, EncoderState state)
    {
        if (!state.Switching)
        {
            if (state.Serving == c.Target) return []; // completed already
            throw new DomainRuleViolated("no_switch", "No encoder switch is in progress.");
        }
        if (c.Target != state.Target)
            throw new DomainRuleViolated("target_mismatch", $"The switch in progress is to {state.Target}, not {c.Target}.");
        if (c.LiveChunks < 0 || c.Missing < 0 || c.ChunksInFlight < 0 || c.Missing > c.LiveChunks)
            throw new ArgumentOutOfRangeException(nameof(c), "Chunk counts must be non-negative, and no more can be missing than are live.");
        if (c.Missing > 0)
            throw new DomainRuleViolated("vectors_missing", $"{c.Missing} of {c.LiveChunks} live chunks have no vector under {c.Target} yet.");
        if (c.ChunksInFlight > 0)
            throw new DomainRuleViolated("chunks_in_flight", $"{c.ChunksInFlight} document versions are being embedded; the switch waits for them.");
        return [new EncoderSwitched(state.From!, c.Target, c.LiveChunks, c.Now)];
    }

    private static object[] Cancel(CancelEncoderSwitch c, EncoderState state) =>
        state.Switching
            ? [new EncoderSwitchCancelled(state.From!, state.Target!, c.Reason, c.Actor, c.Now)]
            : throw new DomainRuleViolated("no_switch", "No encoder switch is in progress.");
}
