using EventSourcedRag.Projections.Training;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// Groups the training pairs by response into what a query adapter trains and is gated on. Only the negatives the
/// user acted on count as hard (skip-above, wrong source): a result merely below a click (no-click-next) may never
/// have been looked at, and the in-batch negatives already stand for "some other chunk".
/// </summary>
public static class AdapterSetAssembler
{
    public static List<AdapterQuery> Assemble(IEnumerable<TrainingPair> pairs, IReadOnlyList<double> propensities)
    {
        var result = new List<AdapterQuery>();
        foreach (var group in pairs.GroupBy(p => p.ResponseId))
        {
            var positives = new Dictionary<Guid, double>();
            foreach (var pair in group)
            {
                var confidence = pair.Confidence(propensities);
                if (confidence <= 0) continue;
                var weight = LearningSetAssembler.PositiveWeight(pair, confidence, propensities);
                positives[pair.PositiveChunk] = Math.Max(weight, positives.GetValueOrDefault(pair.PositiveChunk));
            }
            if (positives.Count == 0) continue;
            var hard = group
                .Where(p => p.NegativeSignals.Contains(TrainingSignal.SkipAbove) || p.NegativeSignals.Contains(TrainingSignal.WrongSource))
                .Where(p => !positives.ContainsKey(p.NegativeChunk))
                .OrderBy(p => p.NegativePosition ?? int.MaxValue).Select(p => p.NegativeChunk).Distinct().ToList();
            var first = group.First();
            result.Add(new AdapterQuery(group.Key, first.Query, first.NormalizedQuery, group.Max(p => p.LastSequence), positives, hard, first.UserHash));
        }
        return [.. result.OrderBy(q => q.Sequence).ThenBy(q => q.ResponseId)];
    }
}
