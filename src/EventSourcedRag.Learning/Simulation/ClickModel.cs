namespace EventSourcedRag.Learning.Simulation;

/// <summary>
/// A seeded position-based click model with a cascade stop. The user examines rank k with probability
/// min(1, k^-η), top to bottom; clicks an examined result with one probability if it is relevant (judged grade
/// &gt; 0) and a lower one if not; stops after a satisfying click with some probability; dwells long on relevant
/// results and briefly on others; gives thumbs, ratings and copies by whether they were satisfied; flags an
/// irrelevant first result as the wrong source now and then; and reformulates or abandons when nothing relevant
/// was clicked. Noise replaces a share of the clicks by clicks on random shown results and draws a share of
/// the judgements (dwell, thumbs, ratings) as if the truth were the opposite. Only the simulator reads the
/// judgements; the product sees the actions.
/// </summary>
public sealed class ClickModel(ClickModelOptions options, int seed)
{
    private readonly Random _random = new(seed);

    public ClickModelOptions Options => options;

    public double Examination(int position) => Math.Min(1, Math.Pow(position, -options.ExaminationExponent));

    /// <param name="grades">The judged grade of each shown result, in shown order (index 0 = position 1).</param>
    public IReadOnlyList<UserAction> Play(IReadOnlyList<int> grades)
    {
        var actions = new List<UserAction>();
        var shown = Math.Min(grades.Count, options.Shown);
        var satisfied = false;
        var examinedIrrelevantFirst = false;
        for (var position = 1; position <= shown; position++)
        {
            if (_random.NextDouble() >= Examination(position)) continue;
            var relevant = grades[position - 1] > 0;
            if (position == 1 && !relevant) examinedIrrelevantFirst = true;
            if (_random.NextDouble() >= (relevant ? options.ClickIfRelevant : options.ClickIfIrrelevant)) continue;

            // A noisy click lands on a random shown result, and is judged by what that result is.
            var clicked = _random.NextDouble() < options.Noise ? _random.Next(1, shown + 1) : position;
            var good = grades[clicked - 1] > 0;
            actions.Add(new UserAction.Click(clicked, Dwell(Noisy(good))));
            if (good && _random.NextDouble() < options.CopyRate) actions.Add(new UserAction.Copy(clicked));
            if (good)
            {
                satisfied = true;
                if (_random.NextDouble() < options.StopAfterSatisfied) break;
            }
        }
        if (examinedIrrelevantFirst && _random.NextDouble() < options.WrongSourceRate) actions.Add(new UserAction.WrongSource(1));
        var felt = Noisy(satisfied);
        if (_random.NextDouble() < options.ThumbsRate) actions.Add(new UserAction.Thumbs(felt));
        if (_random.NextDouble() < options.RatingRate) actions.Add(new UserAction.Rating(felt ? _random.Next(4, 6) : _random.Next(1, 3)));
        if (!satisfied)
            actions.Add(_random.NextDouble() < options.ReformulateIfUnsatisfied ? new UserAction.Reformulate() : new UserAction.Abandon());
        return actions;
    }

    /// <summary>Rewrites a question the way a user trying again might: one content word dropped, the rest kept in order.</summary>
    public string Reformulate(string question)
    {
        var words = question.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 4) return question + " explained";
        var drop = _random.Next(words.Length);
        return string.Join(' ', words.Where((_, i) => i != drop));
    }

    private bool Noisy(bool truth) => _random.NextDouble() < options.Noise ? !truth : truth;

    // Log-normal dwell: a median of about 45 s on a useful source, 6 s on a useless one.
    private double Dwell(bool useful)
    {
        var median = useful ? 45.0 : 6.0;
        var gaussian = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
        return Math.Round(median * Math.Exp(0.5 * gaussian), 1);
    }
}
