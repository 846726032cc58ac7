using System.Collections.Immutable;

namespace EventSourcedRag.Domain.Models;

/// <summary>
/// What serves one tenant, folded in log order from the events of its model streams: every model's placement, and
/// per kind the model serving all traffic. The one fold of "what serves", read by deployments and rollbacks (through
/// the model registry), by experiments when they pick a control, by training when it picks a baseline, and by every
/// replica's serving. Pure; a list, not a hashed map, so equal folds serialize to equal bytes.
/// </summary>
/// <param name="Steps">Changes folded so far; orders the models' changes without a clock.</param>
public sealed record ServingState(ImmutableList<ServedModel> Models, long Steps)
{
    public static readonly ServingState Initial = new([], 0);

    public static ServingState Evolve(ServingState state, object @event) => @event switch
    {
        ModelTrained e when state.Find(e.ModelVersion) is null =>
            state.Stepped() with { Models = state.Models.Add(new ServedModel(e.ModelVersion, e.Kind, ModelPlacement.Never, state.Steps + 1)) },
        ModelDeploymentChanged e => state.Place(e.ModelVersion, e),
        // The restored model serves again at once: an experiment's control never stopped serving, and a model
        // restored by hand records its own deployment change in the same commit.
        ModelRolledBack e => state.Place(e.ModelVersion, e).Restore(e.RestoredVersion, state.Find(e.ModelVersion)?.Kind),
        _ => state,
    };

    public ServedModel? Find(string version) => Models.Find(m => m.Version == version);

    /// <summary>The model of <paramref name="kind"/> serving all traffic (other than <paramref name="except"/>), or null for the untrained default.</summary>
    public string? Serving(string kind, string? except = null) => Latest(kind, ModelStageKind.Serving, except);

    /// <summary>The model of <paramref name="kind"/> retired last (other than <paramref name="except"/>): the one a rollback restores.</summary>
    public string? LastRetired(string kind, string? except = null) => Latest(kind, ModelStageKind.Retired, except);

    private string? Latest(string kind, ModelStageKind stage, string? except) =>
        Models.Where(m => m.Kind == kind && m.Placement.Stage?.Kind == stage && m.Version != except)
            .MaxBy(m => m.ChangedAt)?.Version;

    private ServingState Stepped() => this with { Steps = Steps + 1 };

    // An event of a model never trained here changes nothing.
    private ServingState Place(string version, object @event) =>
        Find(version) is { } model
            ? Stepped() with { Models = Models.Replace(model, model with { Placement = model.Placement.After(@event), ChangedAt = Steps + 1 }) }
            : this;

    private ServingState Restore(string version, string? kind) =>
        Find(version) is { } model && model.Kind == kind
            ? this with { Models = Models.Replace(model, model with { Placement = new ModelPlacement(ModelStage.Serving, 1), ChangedAt = Steps }) }
            : this;
}
