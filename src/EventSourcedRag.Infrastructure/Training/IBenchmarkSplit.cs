using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Infrastructure.Queries;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// Judged queries the gate also checks a candidate on, when one is configured: the candidate and the serving
/// models each rank the split's queries on the live index, scored against its judgements. The split's queries
/// must never be used for traffic, or the candidate would be judged on what it learned them from.
/// </summary>
public interface IBenchmarkSplit
{
    string Name { get; }

    /// <summary>Metrics of the split served with the given models in place of the deployed ones (null: the one serving now).</summary>
    MetricSet Evaluate(CandidateModels? candidates = null);
}
