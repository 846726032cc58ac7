using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Projections.Experiments;
using EventSourcedRag.Projections.Models;

namespace EventSourcedRag.Infrastructure.Audit;

/// <param name="Sequence">The last event the state includes (a time resolves to the last event committed by then).</param>
public sealed record StateAsOf(long Sequence, AsOf Requested, IReadOnlyList<ModelRegistryEntry> Models, IReadOnlyList<ExperimentEntry> Experiments);
