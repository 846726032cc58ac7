using EventSourcedRag.Learning.Ranking;
using EventSourcedRag.Projections.Feedback;
using EventSourcedRag.Projections.Training;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// Joins the training pairs with the feature rows logged when their lists were served, into labelled lists for
/// learning to rank. Every shown row of a list with a positive is kept: learning only from the rows the pairs
/// name (a click and the results skipped above it) would teach the model to invert the served order, since those
/// negatives are always ranked above their positives. A positive is graded 2 when its evidence weighs 1.5 or more
/// (e.g. a click with dwell and a copy), else 1; its weight is the pair's confidence over the examination
/// propensity of the rank it was clicked at (inverse propensity weighting, capped at <see cref="MaxInverseWeight"/>),
/// which is what makes the unclicked rows below it fair comparisons in expectation. Explicit negatives weigh
/// their confidence; unremarked rows weigh 1. Rows are mapped by feature name onto <paramref name="featureNames"/>,
/// so lists logged with an older feature set still line up.
/// </summary>
public static class LearningSetAssembler
{
    public const double MaxInverseWeight = 10;

    public static List<LearningList> Assemble(IEnumerable<TrainingPair> pairs, IEnumerable<ServedList> lists,
        IReadOnlyList<double> propensities, IReadOnlyList<string> featureNames)
    {
        var served = lists.Where(l => l.Rows.Count > 0).ToDictionary(l => (l.Tenant, l.ResponseId));
        var result = new List<LearningList>();
        foreach (var group in pairs.GroupBy(p => (p.Tenant, p.ResponseId)))
        {
            if (!served.TryGetValue(group.Key, out var list)) continue; // served before features were logged
            var labels = new Dictionary<Guid, (int Label, double Weight)>();
            foreach (var pair in group)
            {
                var confidence = pair.Confidence(propensities);
                if (confidence <= 0) continue;
                var positiveWeight = PositiveWeight(pair, confidence, propensities);
                var grade = pair.PositiveWeight >= 1.5 ? 2 : 1;
                labels[pair.PositiveChunk] = labels.TryGetValue(pair.PositiveChunk, out var p)
                    ? (Math.Max(p.Label, grade), Math.Max(p.Weight, positiveWeight))
                    : (grade, positiveWeight);
                if (!labels.TryGetValue(pair.NegativeChunk, out var n)) labels[pair.NegativeChunk] = (0, confidence);
                else if (n.Label == 0) labels[pair.NegativeChunk] = (0, Math.Max(n.Weight, confidence));
            }

            var columns = featureNames.Select(name => list.FeatureNames.IndexOf(name)).ToArray();
            var rows = list.Rows.OrderBy(r => r.Position).ToList();
            (int Label, double Weight) LabelOf(Guid chunk) => labels.GetValueOrDefault(chunk, (0, 1.0));
            if (rows.Count < 2 || rows.All(r => LabelOf(r.ChunkId).Label == 0)) continue;
            var labelled = new LabelledList(
                list.ResponseId.ToString("N"),
                rows.Select(r => columns.Select(c => c >= 0 ? r.Values[c] : 0f).ToArray()).ToList(),
                rows.Select(r => LabelOf(r.ChunkId).Label).ToList(),
                rows.Select(r => (float)LabelOf(r.ChunkId).Weight).ToList());
            result.Add(new LearningList(list.ResponseId, list.NormalizedQuery, list.Sequence, labelled));
        }
        return [.. result.OrderBy(l => l.Sequence).ThenBy(l => l.ResponseId)];
    }

    /// <summary>A positive's weight: the pair's confidence over the examination propensity of the rank it was clicked at, capped.</summary>
    public static double PositiveWeight(TrainingPair pair, double confidence, IReadOnlyList<double> propensities)
    {
        var examined = pair.PositivePosition is { } k ? PositionPropensities.At(propensities, k) : 1;
        return Math.Min(MaxInverseWeight, confidence / Math.Max(examined, 1e-6));
    }
}
