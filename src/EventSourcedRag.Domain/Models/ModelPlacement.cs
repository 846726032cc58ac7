using System.Text.Json.Serialization;

namespace EventSourcedRag.Domain.Models;

/// <summary>
/// Where one model stands in service, folded from its own deployment events. The one fold of a model's stage: the
/// model's decider, the tenant's <see cref="ServingState"/> and through it the registry and serving all step it.
/// </summary>
/// <param name="Stage">null while the model never served.</param>
public readonly record struct ModelPlacement(ModelStage? Stage, double TrafficShare)
{
    public static readonly ModelPlacement Never = new(null, 0);

    [JsonIgnore] public bool InService => Stage?.InService == true;

    /// <summary>The placement after an event of the model's own stream; other events leave it as it is.</summary>
    public ModelPlacement After(object @event) => @event switch
    {
        ModelDeploymentChanged e => new ModelPlacement(e.Stage, e.TrafficShare),
        ModelRolledBack => new ModelPlacement(ModelStage.RolledBack, 0),
        _ => this,
    };
}
