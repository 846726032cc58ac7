using System.Numerics.Tensors;

namespace EventSourcedRag.Learning.Adapters;

/// <summary>
/// Trains a linear query adapter contrastively. For each example the adapted query u = Wq/‖Wq‖ is scored against
/// its positive, the positives of the other examples in its batch (in-batch negatives; examples of the same query
/// or the same positive are masked out, as they are not negatives of each other) and its own mined hard negatives,
/// by cosine over a temperature; the loss is the weighted softmax cross-entropy of the positive (InfoNCE), plus an
/// L2 pull of W towards the identity. W starts at the identity and is stepped with Adam. Single-threaded, in a
/// seeded order and with sums taken in a fixed order, so the same examples, options and seed give the same weights.
/// </summary>
public sealed class QueryAdapterTrainer(QueryAdapterOptions options)
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    public AdapterFit Train(IReadOnlyList<AdapterExample> examples)
    {
        if (examples.Count < options.MinExamples)
            throw new InvalidOperationException($"Only {examples.Count} query examples to train an adapter on; at least {options.MinExamples} are needed.");
        var d = examples[0].Query.Length;
        foreach (var e in examples)
            if (e.Query.Length != d || e.Positive.Length != d || e.HardNegatives.Any(n => n.Length != d))
                throw new ArgumentException("Every query and chunk vector must have the same dimensions.", nameof(examples));

        var w = LinearAdapter.Identity(d).Matrix;
        var gradient = new float[d * d];
        var (m, v) = (new float[d * d], new float[d * d]);
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(options.Seed);
        var losses = new List<double>(options.Epochs);
        var step = 0;
        var scratch = new Scratch(d);
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            Shuffle(order, random);
            double epochLoss = 0, epochWeight = 0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                var batch = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start)).ToArray().Select(i => examples[i]).ToList();
                Array.Clear(gradient);
                var (loss, weight) = Accumulate(batch, w, gradient, d, scratch);
                epochLoss += loss;
                epochWeight += weight;
                if (weight <= 0) continue;
                TensorPrimitives.Divide(gradient, (float)weight, gradient);
                AddIdentityPull(gradient, w, d, (float)options.IdentityPull);
                AdamStep(w, gradient, m, v, ++step);
            }
            losses.Add(epochWeight > 0 ? epochLoss / epochWeight : 0);
        }
        return new AdapterFit(new LinearAdapter(d, w), losses, examples.Count);
    }

    /// <summary>Mean weighted contrastive loss of <paramref name="adapter"/> on the examples, batched as training batches them (unshuffled).</summary>
    public double Loss(LinearAdapter adapter, IReadOnlyList<AdapterExample> examples)
    {
        var d = adapter.Dimensions;
        var (sum, weight) = (0.0, 0.0);
        var ignored = new float[d * d];
        var scratch = new Scratch(d);
        for (var start = 0; start < examples.Count; start += options.BatchSize)
        {
            var (l, wt) = Accumulate(examples.Skip(start).Take(options.BatchSize).ToList(), adapter.Matrix, ignored, d, scratch);
            (sum, weight) = (sum + l, weight + wt);
        }
        return weight > 0 ? sum / weight : 0;
    }

    private sealed class Scratch(int d)
    {
        public readonly float[] Raw = new float[d];
        public readonly float[] Unit = new float[d];
        public readonly float[] GradU = new float[d];
        public readonly float[] GradV = new float[d];
    }

    // Adds each example's weighted loss gradient w.r.t. W into `gradient`; returns the weighted loss and weight sums.
    private (double Loss, double Weight) Accumulate(List<AdapterExample> batch, float[] w, float[] gradient, int d, Scratch s)
    {
        double totalLoss = 0, totalWeight = 0;
        var inverseTemperature = 1 / options.Temperature;
        foreach (var example in batch)
        {
            for (var r = 0; r < d; r++) s.Raw[r] = TensorPrimitives.Dot(w.AsSpan(r * d, d), example.Query);
            var norm = TensorPrimitives.Norm(s.Raw);
            if (norm <= 0 || example.Weight <= 0) continue;
            TensorPrimitives.Divide(s.Raw, norm, s.Unit);

            // Candidates: the positive first, then the in-batch negatives, then the hard negatives.
            var candidates = new List<float[]> { example.Positive };
            foreach (var other in batch)
                if (!ReferenceEquals(other, example) && other.Group != example.Group && other.PositiveId != example.PositiveId)
                    candidates.Add(other.Positive);
            candidates.AddRange(example.HardNegatives.Take(options.MaxHardNegatives));
            if (candidates.Count < 2) continue;

            var logits = candidates.Select(c => TensorPrimitives.Dot(s.Unit, c) * inverseTemperature).ToArray();
            var max = logits.Max();
            var exp = logits.Select(z => Math.Exp(z - max)).ToArray();
            var partition = exp.Sum();
            totalLoss += example.Weight * -(logits[0] - max - Math.Log(partition));
            totalWeight += example.Weight;

            // dL/du = Σ_c (p_c − [c is the positive]) · c / τ
            Array.Clear(s.GradU);
            for (var c = 0; c < candidates.Count; c++)
            {
                var coefficient = (float)((exp[c] / partition - (c == 0 ? 1 : 0)) * inverseTemperature);
                TensorPrimitives.MultiplyAdd(candidates[c], coefficient, s.GradU, s.GradU);
            }
            // Through the normalisation: dL/dv = (g − (u·g) u) / ‖v‖; then dL/dW = (dL/dv) qᵀ, weighted.
            var along = TensorPrimitives.Dot(s.Unit, s.GradU);
            TensorPrimitives.MultiplyAdd(s.Unit, -along, s.GradU, s.GradV);
            TensorPrimitives.Multiply(s.GradV, example.Weight / norm, s.GradV);
            for (var r = 0; r < d; r++)
            {
                if (s.GradV[r] == 0) continue;
                var row = gradient.AsSpan(r * d, d);
                TensorPrimitives.MultiplyAdd(example.Query, s.GradV[r], row, row);
            }
        }
        return (totalLoss, totalWeight);
    }

    private static void AddIdentityPull(float[] gradient, float[] w, int d, float pull)
    {
        if (pull == 0) return;
        TensorPrimitives.MultiplyAdd(w, pull, gradient, gradient);
        for (var i = 0; i < d; i++) gradient[i * d + i] -= pull;
    }

    private void AdamStep(float[] w, float[] gradient, float[] m, float[] v, int step)
    {
        var rate = options.LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, step)) / (1 - Math.Pow(Beta1, step));
        for (var i = 0; i < w.Length; i++)
        {
            var g = gradient[i];
            m[i] = (float)(Beta1 * m[i] + (1 - Beta1) * g);
            v[i] = (float)(Beta2 * v[i] + (1 - Beta2) * g * g);
            w[i] -= (float)(rate * m[i] / (Math.Sqrt(v[i]) + Epsilon));
        }
    }

    private static void Shuffle(int[] order, Random random)
    {
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
