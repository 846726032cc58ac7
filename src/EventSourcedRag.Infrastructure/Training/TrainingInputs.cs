using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Projections.Feedback;
using EventSourcedRag.Projections.Models;
using EventSourcedRag.Projections.Training;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// What a trainer learns from, folded afresh from the log as of one point: the tenant's training pairs, the
/// served lists, the position propensities and the model of the kind serving then (the gate's baseline).
/// Propensities come from the tenant's own clicks, as in the tenant's training-set export, so what a data
/// scientist exports is what the trainer used and no tenant's behaviour shapes another tenant's model.
/// </summary>
public sealed record TrainingInputs(long Sequence, IReadOnlyList<TrainingPair> Pairs, ServedListsProjection Served, double[] Propensities, string? Serving)
{
    private static readonly TimeSpan IndexWait = TimeSpan.FromMinutes(2);

    public static async Task<TrainingInputs> LoadAsync(ReadModelRebuilder rebuilder, string tenant, string kind, AsOf asOf, CancellationToken ct)
    {
        var sequence = await rebuilder.ResolveAsync(asOf, ct);
        var models = await rebuilder.FoldAsync(
            [TrainingPairsProjection.ProjectionName, FeedbackAggregatesProjection.ProjectionName, ServedListsProjection.ProjectionName, ModelRegistryProjection.ProjectionName],
            sequence, ct);
        var (pairs, feedback, served, registry) =
            ((TrainingPairsProjection)models[0], (FeedbackAggregatesProjection)models[1], (ServedListsProjection)models[2], (ModelRegistryProjection)models[3]);
        return new TrainingInputs(
            sequence,
            pairs.Pairs.Ordered().Select(p => p.Value).Where(p => p.Tenant == tenant).ToList(),
            served,
            PositionPropensities.Estimate(feedback.ClickStats.Ordered().Select(p => p.Value).Where(c => c.Tenant == tenant)),
            ModelDeployment.ServingIn(registry, tenant, kind));
    }

    /// <summary>The responses with a chosen chunk, oldest first, as a first-stage model learns from them; the newest share held out.</summary>
    public (List<AdapterQuery> Labelled, List<AdapterQuery> Train, List<AdapterQuery> HeldOut) Responses(double heldOutShare)
    {
        var labelled = AdapterSetAssembler.Assemble(Pairs, Propensities);
        var heldOut = (int)Math.Round(labelled.Count * heldOutShare);
        return (labelled, labelled[..^heldOut], labelled[^heldOut..]);
    }

    /// <summary>
    /// Waits until this host's index has applied the log up to <see cref="Sequence"/>: the chunks the feedback names must
    /// be in it before their vectors or words are read.
    /// </summary>
    public Task WaitForIndexAsync(EventLogIndexFeeder index, CancellationToken ct) => index.WaitForAsync(Sequence, IndexWait, ct);
}
