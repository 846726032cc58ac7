using System.Numerics.Tensors;

namespace EventSourcedRag.Learning.Steering;

/// <summary>
/// Learns per-user steering from each user's own choices. A user's direction is the weighted mean of what they chose
/// minus what they asked (d = Σ w (p − q) / Σ w), shrunk by their evidence: the part of their choices their questions
/// do not explain. The strength is chosen by scoring every choice of a steered user against the training set's chosen
/// chunks with a direction learned without that choice's response; 0 competes, so where users have no taste of their
/// own the model steers nobody. No randomness and every sum in a fixed order: the same examples give the same bytes.
/// </summary>
public sealed class PersonalSteeringTrainer(PersonalSteeringOptions options)
{
    public SteeringFit Train(IReadOnlyList<SteeringExample> examples, string encoder)
    {
        if (examples.Count == 0) throw new InvalidOperationException("There are no choices to learn steering from.");
        var dimensions = examples[0].Query.Length;
        if (examples.Any(e => e.Query.Length != dimensions || e.Chosen.Length != dimensions || e.Negatives.Any(n => n.Length != dimensions)))
            throw new ArgumentException("Every vector of the examples must have the same dimensions.", nameof(examples));

        var users = examples.OrderBy(e => e.User, StringComparer.Ordinal).ThenBy(e => e.Response, StringComparer.Ordinal).ThenBy(e => e.ChosenId, StringComparer.Ordinal)
            .GroupBy(e => e.User, StringComparer.Ordinal)
            .Select(g => UserChoices.Of(g.Key, [.. g], dimensions))
            .Where(u => u.Evidence >= options.MinEvidence)
            .OrderByDescending(u => u.Evidence).ThenBy(u => u.User, StringComparer.Ordinal)
            .Take(options.MaxUsers).ToList();
        if (users.Count == 0)
            throw new InvalidOperationException($"No user has at least {options.MinEvidence} responses with a chosen source, so there is nobody to steer.");

        var pool = examples.GroupBy(e => e.ChosenId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Take(options.RankingPool).Select(g => (g.Key, g.First().Chosen)).ToList();
        var scores = new SortedDictionary<double, LeaveOneOut> { [0] = Evaluate(users, pool, 0) };
        foreach (var scale in options.Scales.Distinct().Order()) scores[scale] = Evaluate(users, pool, scale);
        // By likelihood, not rank: a push that only just puts the choice first in the dense list is lost once fused
        // with BM25, and one so strong that it forgets the question loses to the user's choices on other topics. On a
        // tie the weaker push wins.
        var best = scores.Aggregate((a, b) => b.Value.LogLikelihood > a.Value.LogLikelihood ? b : a).Key;

        var model = new PersonalSteeringModel(encoder, best, dimensions,
            users.Select(u => KeyValuePair.Create(u.User, new SteeringDirection(u.Evidence, u.Direction(null, options.Shrinkage)))));
        return new SteeringFit(model, scores, users.Count, users.Sum(u => u.Examples.Count));
    }

    // Every choice of a steered user scored among the pool (and its own list's negatives) with the user's direction
    // learned without that choice's response: the weighted mean log-softmax of the choice (cosine over a temperature)
    // and of its reciprocal rank. A user left with less evidence than steering asks for is scored unsteered, as
    // serving would.
    private LeaveOneOut Evaluate(IReadOnlyList<UserChoices> users, IReadOnlyList<(string Id, float[] Vector)> pool, double scale)
    {
        double likelihood = 0, reciprocal = 0, weights = 0;
        foreach (var user in users)
            foreach (var e in user.Examples)
            {
                var query = e.Query;
                if (scale > 0 && user.Evidence - 1 >= options.MinEvidence)
                {
                    var direction = user.Direction(e.Response, options.Shrinkage);
                    TensorPrimitives.Multiply(direction, (float)scale, direction);
                    query = PersonalSteeringModel.Steer(e.Query, direction);
                }
                var target = TensorPrimitives.Dot(query, e.Chosen);
                var (rank, partition) = (1, 1.0);
                void Against(float[] other)
                {
                    var score = TensorPrimitives.Dot(query, other);
                    if (score > target) rank++;
                    partition += Math.Exp((score - target) / Temperature);
                }
                foreach (var (id, vector) in pool)
                    if (id != e.ChosenId) Against(vector);
                foreach (var negative in e.Negatives) Against(negative);
                likelihood -= e.Weight * Math.Log(partition);
                reciprocal += e.Weight / rank;
                weights += e.Weight;
            }
        return weights > 0 ? new LeaveOneOut(likelihood / weights, reciprocal / weights) : new LeaveOneOut(0, 0);
    }

    private const double Temperature = 0.05;

    private sealed record UserChoices(string User, IReadOnlyList<SteeringExample> Examples, int Evidence, double[] Sum, double Weight,
        IReadOnlyDictionary<string, (double[] Sum, double Weight)> ByResponse)
    {
        public static UserChoices Of(string user, IReadOnlyList<SteeringExample> examples, int dimensions)
        {
            var total = new double[dimensions];
            double weight = 0;
            var byResponse = new Dictionary<string, (double[] Sum, double Weight)>(StringComparer.Ordinal);
            foreach (var e in examples)
            {
                if (!byResponse.TryGetValue(e.Response, out var r)) r = (new double[dimensions], 0);
                for (var i = 0; i < dimensions; i++)
                {
                    var pull = e.Weight * ((double)e.Chosen[i] - e.Query[i]);
                    r.Sum[i] += pull;
                    total[i] += pull;
                }
                byResponse[e.Response] = (r.Sum, r.Weight + e.Weight);
                weight += e.Weight;
            }
            return new UserChoices(user, examples, byResponse.Count, total, weight, byResponse);
        }

        /// <summary>The shrunk mean pull, without one response's choices when <paramref name="without"/> names it.</summary>
        public float[] Direction(string? without, double shrinkage)
        {
            var (sum, weight, evidence) = (Sum, Weight, Evidence);
            if (without is not null && ByResponse.TryGetValue(without, out var left))
            {
                sum = [.. Sum.Select((s, i) => s - left.Sum[i])];
                weight -= left.Weight;
                evidence--;
            }
            var direction = new float[sum.Length];
            if (weight <= 0 || evidence <= 0) return direction;
            var shrink = evidence / (evidence + shrinkage);
            for (var i = 0; i < direction.Length; i++) direction[i] = (float)(sum[i] / weight * shrink);
            return direction;
        }
    }
}
