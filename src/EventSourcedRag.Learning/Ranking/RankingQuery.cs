namespace EventSourcedRag.Learning.Ranking;

/// <summary>
/// One training query for a listwise ranker: its candidates' feature rows in first-stage order, their relevance
/// grades, and the ideal DCG@k over every judged document (including relevant ones the first stage missed, so
/// a training nDCG equals the evaluation's).
/// </summary>
public sealed record RankingQuery(IReadOnlyList<float[]> Rows, IReadOnlyList<int> Grades, double IdealDcg)
{
    public static double IdealDcgAt(IEnumerable<int> judgedGrades, int k) =>
        judgedGrades.Where(g => g > 0).OrderByDescending(g => g).Take(k).Select((g, i) => g / Math.Log2(i + 2)).Sum();

    /// <summary>nDCG@k of the candidates ordered by <paramref name="scores"/> (ties keep the first stage's order).</summary>
    public double NdcgAt(ReadOnlySpan<double> scores, int k)
    {
        if (IdealDcg <= 0) return 0;
        var order = new int[Rows.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var keys = scores.ToArray();
        Array.Sort(order, (a, b) => keys[b].CompareTo(keys[a]) is var c && c != 0 ? c : a.CompareTo(b));
        var dcg = 0.0;
        for (var r = 0; r < Math.Min(k, order.Length); r++)
            if (Grades[order[r]] > 0) dcg += Grades[order[r]] / Math.Log2(r + 2);
        return dcg / IdealDcg;
    }
}
