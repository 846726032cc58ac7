using EventSourcedRag.Learning.Ranking;

namespace EventSourcedRag.Learning.Tests.Ranking;

/// <summary>Seeded result lists whose relevance follows a rule over the features, for rankers to discover.</summary>
public static class SyntheticLists
{
    public const int Width = 5;

    /// <summary>Relevant when f0 is high and f3 low: an interaction no single feature orders well.</summary>
    public static int InteractionRule(float[] row) => row[0] > 0.6f && row[3] < 0.5f ? 2 : row[0] > 0.8f ? 1 : 0;

    public static List<LabelledList> Make(int lists, int seed, Func<float[], int> rule, float weight = 1f, int rows = 10)
    {
        var random = new Random(seed);
        var result = new List<LabelledList>();
        for (var l = 0; l < lists; l++)
        {
            var features = Enumerable.Range(0, rows)
                .Select(_ => Enumerable.Range(0, Width).Select(_ => (float)random.NextDouble()).ToArray())
                .ToList();
            result.Add(new LabelledList($"{seed}-{l}", features, features.Select(rule).ToList(), Enumerable.Repeat(weight, rows).ToList()));
        }
        return result;
    }

    public static double MeanNdcg(IEnumerable<LabelledList> lists, Func<float[], double> score, int k = 10)
    {
        var values = lists.Where(l => l.HasRelevant).Select(l =>
        {
            var query = new RankingQuery(l.Rows, l.Labels, RankingQuery.IdealDcgAt(l.Labels, k));
            return query.NdcgAt(l.Rows.Select(score).ToArray(), k);
        }).ToList();
        return values.Average();
    }
}
