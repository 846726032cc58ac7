using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Projections.Experiments;
using EventSourcedRag.Projections.Models;
using EventSourcedRag.Projections.ReadModels;

namespace EventSourcedRag.Infrastructure.Audit;

/// <summary>
/// The model registry and the experiments of a tenant as they stood at a past point: folded afresh from the log up
/// to it, so the answer does not depend on anything that happened later.
/// </summary>
public sealed class HistoricalState(ReadModelRebuilder rebuilder, IncrementalHeadFold heads)
{
    private static readonly string[] Registries = [ModelRegistryProjection.ProjectionName, ExperimentRegistryProjection.ProjectionName];

    public async Task<StateAsOf> AtAsync(string tenant, AsOf asOf, CancellationToken ct)
    {
        // The head is what the registries are kept at anyway; a past point can only be folded afresh.
        var (sequence, folded) = asOf == AsOf.Head
            ? await heads.AtHeadAsync(Registries, ct)
            : await FoldAsync(await rebuilder.ResolveAsync(asOf, ct), ct);
        var models = ((ModelRegistryProjection)folded[0]).Models.Ordered().Select(p => p.Value).Where(m => m.Tenant == tenant).OrderBy(m => m.TrainedAt).ToList();
        var experiments = ((ExperimentRegistryProjection)folded[1]).Experiments.Ordered().Select(p => p.Value).Where(x => x.Tenant == tenant).ToList();
        return new StateAsOf(sequence, asOf, models, experiments);
    }

    private async Task<(long, IReadOnlyList<ReadModel>)> FoldAsync(long sequence, CancellationToken ct) => (sequence, await rebuilder.FoldAsync(Registries, sequence, ct));
}
