namespace EventSourcedRag.Domain.Serving;

/// <summary>
/// Decides the tenant-wide serving rules on the tenant's serving stream: one running experiment per tenant, and no
/// model deployed by hand for a kind a running experiment compares (its arms would stop being comparable). Pure.
/// </summary>
public static class TenantServingDecider
{
    public static TenantServingState Evolve(TenantServingState state, object @event) => @event switch
    {
        ServingExperimentOpened e => new TenantServingState(e.ExperimentId, e.ModelKind),
        ServingExperimentClosed e when e.ExperimentId == state.RunningExperiment => TenantServingState.Initial,
        _ => state,
    };

    public static object[] Decide(object command, TenantServingState state) => command switch
    {
        OpenExperiment c => Open(c, state),
        CloseExperiment c => c.ExperimentId == state.RunningExperiment
            ? [new ServingExperimentClosed(c.Tenant, c.ExperimentId, c.Outcome, c.Now)]
            : [], // not open here: closed already, or started before the serving stream held the slot
        DeployByHand c => Deploy(c, state),
        _ => throw new ArgumentException($"Unknown command {command.GetType().Name}", nameof(command)),
    };

    private static object[] Open(OpenExperiment c, TenantServingState state)
    {
        if (state.RunningExperiment == c.ExperimentId) return []; // the same start again
        if (state.RunningExperiment is { } running)
            throw new DomainRuleViolated("experiment_running", $"Experiment {running:N} is still running for this tenant; one experiment runs at a time.");
        return [new ServingExperimentOpened(c.Tenant, c.ExperimentId, c.ModelKind, c.Now)];
    }

    private static object[] Deploy(DeployByHand c, TenantServingState state)
    {
        if (state.RunningExperiment is { } running && state.RunningKind == c.ModelKind)
            throw new DomainRuleViolated("experiment_running",
                $"Experiment {running:N} is comparing {c.ModelKind}s; stop it or let it end before deploying one by hand.");
        return [new ServingModelDeployed(c.Tenant, c.ModelKind, c.ModelVersion, c.Replaces, c.Now)];
    }
}
