namespace EventSourcedRag.Domain.Models;

/// <summary>
/// Decides everything a model stream records: the training run and the gate's verdict, then every change of the
/// traffic it serves, by hand or by an experiment. The rule the product exists to keep: only a model that passed the
/// offline gate can serve. Pure: no I/O, no clock.
/// </summary>
public static class ModelDecider
{
    public static object[] Decide(object command, ModelState state) => command switch
    {
        RecordTrainedModel c => RecordTraining(c, state),
        RecordGateVerdict c => RecordVerdict(c, state),
        DeployModel c => Deploy(c, state),
        ShiftTraffic c => Shift(c, state),
        RetireModel c => Retire(c, state),
        WithdrawModel c => Withdraw(c, state),
        RollBackModel c => RollBack(c, state),
        RestoreModel c => Restore(c, state),
        _ => throw new ArgumentException($"Unknown command {command.GetType().Name}", nameof(command)),
    };

    /// <summary>Commands decided in turn, each on the state the events before it lead to, so that they are stored in one append.</summary>
    public static object[] DecideInTurn(ModelState state, params IEnumerable<object> commands) => Domain.DecideInTurn.Run(state, commands, Decide, Evolve);

    public static ModelState Evolve(ModelState state, object @event) => (state, @event) switch
    {
        (ModelState.Trained t, ModelTrained) => t, // the same inputs trained again: the same model, nothing changes
        (_, ModelTrained e) => new ModelState.Trained(e.ModelVersion, e.Kind, null, ModelPlacement.Never),
        (ModelState.Trained t, ModelValidated) => t with { Verdict = true },
        (ModelState.Trained t, ModelRejected) => t with { Verdict = false },
        (ModelState.Trained t, ModelDeploymentChanged or ModelRolledBack) => t with { Placement = t.Placement.After(@event) },
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

    // Every run is recorded, a repeat of the same inputs too: that a point and seed reproduce the artifact is itself audit evidence.
    private static object[] RecordTraining(RecordTrainedModel c, ModelState state)
    {
        if (!ModelKinds.IsKnown(c.Kind)) throw new DomainRuleViolated("unknown_model_kind", $"There is no model kind '{c.Kind}'.");
        if (state is ModelState.Trained { Kind: var kind } && kind != c.Kind)
            throw new DomainRuleViolated("model_kind_mismatch", $"Model {c.ModelVersion} was trained as a {kind}, not a {c.Kind}.");
        return [new ModelTrained(c.ModelVersion, c.Kind, c.ParentVersion, c.TrainingSetSha256, c.AsOfSequence, c.HyperParameters, c.Seed,
            c.ArtifactSha256, c.TrainingSeconds, c.Now)];
    }

    private static object[] RecordVerdict(RecordGateVerdict c, ModelState state)
    {
        if (state is not ModelState.Trained model)
            throw new DomainRuleViolated("unknown_model", $"Model {c.ModelVersion} was never trained here: the gate has nothing to judge.");
        // The same bytes trained again are the same model: its first verdict stands. Judged again once it serves, it
        // would be compared with itself and "rejected" for showing no gain, which must not take a serving model's
        // validation back; and a rejected model stays one, as the deploy refusal promises.
        if (model.Verdict is not null) return [];
        return c.Passed
            ? [new ModelValidated(c.ModelVersion, c.BaselineVersion, c.Metrics, c.BaselineMetrics, c.HeldOut, c.Reason, c.Now)]
            : [new ModelRejected(c.ModelVersion, c.BaselineVersion, c.Metrics, c.BaselineMetrics, c.HeldOut, c.Reason, c.Now)];
    }

    private static object[] Deploy(DeployModel c, ModelState state)
    {
        var model = EnsureDeployable(c.ModelVersion, state);
        if (model.Stage == ModelStage.Serving) return []; // already serving: deploying again changes nothing
        var reason = c.Replaces is null ? c.Reason : $"{c.Reason} (replaces {c.Replaces})";
        return [new ModelDeploymentChanged(c.ModelVersion, ModelStage.Serving, 1.0, reason, c.Now)];
    }

    private static object[] Shift(ShiftTraffic c, ModelState state)
    {
        var model = EnsureDeployable(c.ModelVersion, state);
        if (c.TrafficShare is <= 0 or > 1)
            throw new DomainRuleViolated("invalid_traffic_share", $"A model serves a share of traffic within (0, 1], not {c.TrafficShare}.");
        var (stage, share) = c.TrafficShare >= 1.0 ? (ModelStage.Serving, 1.0) : (ModelStage.Canary(c.TrafficShare), c.TrafficShare);
        return model.Stage == stage ? [] : [new ModelDeploymentChanged(c.ModelVersion, stage, share, c.Reason, c.Now)];
    }

    private static object[] RollBack(RollBackModel c, ModelState state) => state switch
    {
        ModelState.Trained { Placement.InService: true } =>
            [new ModelRolledBack(c.ModelVersion, c.RestoredVersion, c.Reason, c.Automatic, c.Now)],
        ModelState.Trained { Stage.Kind: ModelStageKind.RolledBack } => [], // rolled back already (a retry, or two admins at once)
        ModelState.Trained => throw new DomainRuleViolated("model_not_serving", $"Model {c.ModelVersion} is not serving any traffic: there is nothing to roll back."),
        _ => throw new DomainRuleViolated("unknown_model", $"Model {c.ModelVersion} was never trained here."),
    };

    private static object[] Restore(RestoreModel c, ModelState state)
    {
        var model = EnsureDeployable(c.ModelVersion, state);
        if (model.Stage is null)
            throw new DomainRuleViolated("model_never_served", $"Model {c.ModelVersion} never served: there is nothing to restore.");
        return model.Stage == ModelStage.Serving ? [] : [new ModelDeploymentChanged(c.ModelVersion, ModelStage.Serving, 1.0, $"restored: {c.RolledBackVersion} was rolled back", c.Now)];
    }

    private static object[] Retire(RetireModel c, ModelState state) =>
        state is ModelState.Trained { Stage.Kind: ModelStageKind.Serving }
            ? [new ModelDeploymentChanged(c.ModelVersion, ModelStage.Retired, 0, $"replaced by {c.ReplacedBy}", c.Now)]
            : []; // not serving (never deployed, or already retired or rolled back): nothing to take out of service

    private static object[] Withdraw(WithdrawModel c, ModelState state) => state switch
    {
        ModelState.Trained { Placement.InService: true } => [new ModelDeploymentChanged(c.ModelVersion, ModelStage.Retired, 0, c.Reason, c.Now)],
        ModelState.Trained => [], // out of service already: nothing to withdraw
        _ => throw new DomainRuleViolated("unknown_model", $"Model {c.ModelVersion} was never trained here."),
    };
}
