namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>
/// How each question's earlier askers fared: how many of its responses were shown, and how many of those had a
/// source chosen. A question shown often and rarely answered is one whose relevant document is likely below the cut;
/// exploration aims there (Queries/Exploration.cs). Bounded and evicted like the other counts, so replicas agree.
/// </summary>
public sealed partial class FeedbackPriors
{
    private sealed class Answers
    {
        public long Shown;
        public long Chosen;
    }

    private readonly Dictionary<(string Tenant, string Query), Answers> _answers = [];

    /// <summary>Responses to the question shown so far, and how many of them had a source chosen.</summary>
    public (long Shown, long Chosen) AnswersTo(string tenant, string normalizedQuery)
    {
        lock (_lock) return _answers.TryGetValue((tenant, normalizedQuery), out var a) ? (a.Shown, a.Chosen) : (0, 0);
    }

    private void AnswerShown(Response r) => AnswersOf(r).Shown++;

    private void AnswerChosen(Response r) => AnswersOf(r).Chosen++;

    private static readonly Comparison<Answers> AnswersEvidence = (a, b) => a.Shown.CompareTo(b.Shown);

    private Answers AnswersOf(Response r)
    {
        if (_answers.TryGetValue((r.Tenant, r.Query), out var a)) return a;
        if (_answers.Count >= maxEntries) Evict(_answers, AnswersEvidence, MemoryOrder);
        return _answers[(r.Tenant, r.Query)] = new Answers();
    }
}
