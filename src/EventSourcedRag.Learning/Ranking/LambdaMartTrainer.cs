using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace EventSourcedRag.Learning.Ranking;

/// <summary>
/// Trains a LambdaMART reranker with LightGBM's lambdarank objective (through ML.NET) and hands back the trees as a
/// <see cref="TreeEnsemble"/>. One thread and a fixed seed: the same lists give the same trees, byte for byte.
/// Row weights scale each row's lambda gradient, which is how inverse-propensity weights debias the clicks.
/// </summary>
public sealed class LambdaMartTrainer(LambdaMartOptions options)
{
    /// <summary>The trees, and the trainer's own score for every training row (lists with a relevant row, in order).</summary>
    public sealed record Fit(TreeEnsemble Ensemble, float[] TrainerScores, int Lists, int Rows);

    public Fit Train(IReadOnlyList<LabelledList> lists, int width)
    {
        var usable = lists.Where(l => l.HasRelevant && l.Rows.Count > 1).ToList();
        if (usable.Count == 0) throw new ArgumentException("No list has both a relevant and another row: nothing to rank.", nameof(lists));
        foreach (var list in usable)
            if (list.Rows.Any(r => r.Length != width))
                throw new ArgumentException($"List {list.Key} has a row that is not {width} features wide.", nameof(lists));

        var ml = new MLContext(seed: options.Seed);
        var examples = usable.SelectMany((list, group) => list.Rows.Select((row, i) => new Example
        {
            Group = (uint)group + 1,
            Label = list.Labels[i],
            Weight = list.Weights[i],
            Features = row,
        }));
        var schema = SchemaDefinition.Create(typeof(Example));
        schema[nameof(Example.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var data = ml.Data.LoadFromEnumerable(examples, schema);

        var maxLabel = usable.Max(l => l.Labels.Max());
        var trainer = ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            LabelColumnName = nameof(Example.Label),
            FeatureColumnName = nameof(Example.Features),
            RowGroupColumnName = nameof(Example.Group),
            ExampleWeightColumnName = nameof(Example.Weight),
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinRowsPerLeaf,
            LearningRate = options.LearningRate,
            Booster = new GradientBooster.Options { L2Regularization = options.L2 },
            CustomGains = Enumerable.Range(0, Math.Max(2, maxLabel + 1)).Select(g => (1 << g) - 1).ToArray(),
            Seed = options.Seed,
            NumberOfThreads = 1,
            UseCategoricalSplit = false,
            Verbose = false,
            Silent = true,
        });
        var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(Example.Group)).Append(trainer);
        var rowCount = usable.Sum(l => l.Rows.Count);
        TransformerChain<RankingPredictionTransformer<LightGbmRankingModelParameters>> model;
        try
        {
            model = pipeline.Fit(data);
        }
        catch (ArgumentNullException)
        {
            // ML.NET cannot wrap a tree that never split (LightGBM found no split with enough rows per leaf).
            throw new InvalidOperationException(
                $"Too little labelled feedback to grow a tree: {rowCount} rows in {usable.Count} lists with at least {options.MinRowsPerLeaf} rows per leaf.");
        }
        var ensemble = FromMlNet(model.LastTransformer.Model.TrainedTreeEnsemble, width);

        // The served model is the converted ensemble, so prove the conversion against the trainer on every row.
        var trainerScores = model.Transform(data).GetColumn<float>("Score").ToArray();
        var rows = usable.SelectMany(l => l.Rows).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var mine = ensemble.Score(rows[i]);
            if (Math.Abs(mine - trainerScores[i]) > 1e-4 * Math.Max(1, Math.Abs(mine)))
                throw new InvalidOperationException($"Converted trees score row {i} as {mine}, the trainer as {trainerScores[i]}.");
        }
        return new Fit(ensemble, trainerScores, usable.Count, rows.Count);
    }

    private static TreeEnsemble FromMlNet(Microsoft.ML.Trainers.FastTree.RegressionTreeEnsemble ensemble, int width)
    {
        var trees = ensemble.Trees.Select((t, i) => new RegressionTree(
            t.NumericalSplitFeatureIndexes.ToArray(),
            t.NumericalSplitThresholds.ToArray(),
            t.LeftChild.ToArray(),
            t.RightChild.ToArray(),
            t.LeafValues.ToArray(),
            ensemble.TreeWeights[i])).ToList();
        if (ensemble.Trees.Any(t => t.CategoricalSplitFlags.Any(f => f)))
            throw new InvalidOperationException("A categorical split appeared although categorical splits are off.");
        return new TreeEnsemble(width, ensemble.Bias, trees);
    }

    private sealed class Example
    {
        public uint Group { get; set; }
        public float Label { get; set; }
        public float Weight { get; set; }
        public float[] Features { get; set; } = [];
    }
}
