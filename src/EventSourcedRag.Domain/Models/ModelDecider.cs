namespace EventSourcedRag.Domain.Models;

/// <summary>
/// Decides deployments on a model stream. The rule the product exists to keep: only a model that passed the
/// offline gate can serve. Pure: no I/O, no clock.
/// </summary>
public static class ModelDecider
{
    public const string Serving = "serving";
    public const string Retired = "retired";

    public static object[] Decide(object command, ModelState state) => command switch
    {
        DeployModel c => Deploy(c, state),
        RetireModel c => Retire(c, state),
        RollBackModel c => RollBack(c, state),
        _ => throw new ArgumentException($"Unknown command {command.GetType().Name}", nameof(command)),
    };

    public static ModelState Evolve(ModelState state, object @event) => (state, @event) switch
    {
        (ModelState.Trained t, ModelTrained) => t, // the same inputs trained again: the same model, nothing changes
        (_, ModelTrained e) => new ModelState.Trained(e.ModelVersion, e.Kind, null, null, 0),
        (ModelState.Trained t, ModelValidated) => t with { Verdict = true },
        (ModelState.Trained t, ModelRejected) => t with { Verdict = false },
        (ModelState.Trained t, ModelDeploymentChanged e) => t with { Stage = e.Stage, TrafficShare = e.TrafficShare },
        (ModelState.Trained t, ModelRolledBack) => t with { Stage = "rolled_back", TrafficShare = 0 },
        _ => state,
    };

    /// <summary>The rule every route to users checks (a deployment, an experiment's treatment): the model passed the gate.</summary>
    /// <exception cref="DomainRuleViolated">unknown_model or model_not_validated.</exception>
    public static ModelState.Trained EnsureDeployable(string version, ModelState state)
    {
        if (state is not ModelState.Trained model)
            throw new DomainRuleViolated("unknown_model", $"Model {version} was never trained here.");
        if (model.Verdict is not true)
            throw new DomainRuleViolated("model_not_validated", model.Verdict is false
                ? $"Model {version} was rejected by the validation gate and can never be deployed."
                : $"Model {version} has not passed the validation gate yet.");
        return model;
    }

    private static object[] Deploy(DeployModel c, ModelState state)
    {
        var model = EnsureDeployable(c.ModelVersion, state);
        if (model.Stage == Serving) return []; // already serving: deploying again changes nothing
        var reason = c.Replaces is null ? c.Reason : $"{c.Reason} (replaces {c.Replaces})";
        return [new ModelDeploymentChanged(c.ModelVersion, Serving, 1.0, reason, c.Now)];
    }

    private static object[] RollBack(RollBackModel c, ModelState state) => state switch
    {
        ModelState.Trained when IsInService(state) =>
            [new ModelRolledBack(c.ModelVersion, c.RestoredVersion, c.Reason, c.Automatic, c.Now)],
        ModelState.Trained { Stage: "rolled_back" } => [], // rolled back already (a retry, or two admins at once)
        ModelState.Trained => throw new DomainRuleViolated("model_not_serving", $"Model {c.ModelVersion} is not serving any traffic: there is nothing to roll back."),
        _ => throw new DomainRuleViolated("unknown_model", $"Model {c.ModelVersion} was never trained here."),
    };

    private static bool IsInService(ModelState state) =>
        state is ModelState.Trained { Stage: { } stage } && (stage == Serving || stage.StartsWith("canary-", StringComparison.Ordinal));

    private static object[] Retire(RetireModel c, ModelState state) =>
        state is ModelState.Trained { Stage: Serving }
            ? [new ModelDeploymentChanged(c.ModelVersion, Retired, 0, $"replaced by {c.ReplacedBy}", c.Now)]
            : []; // not serving (never deployed, or already retired or rolled back): nothing to take out of service
}
