using EventSourcedRag.Learning.Adapters;

namespace EventSourcedRag.Learning.Tests.Adapters;

public class QueryAdapterTrainerTests
{
    private const int Dimensions = 16;

    private static float[] Unit(IEnumerable<double> values)
    {
        var v = values.Select(x => (float)x).ToArray();
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static float[] RandomUnit(Random random, int d) => Unit(Enumerable.Range(0, d).Select(_ => random.NextDouble() * 2 - 1));

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    // Users phrase questions in a "language" of their own: a query is its answer's vector with the dimensions
    // shuffled and some signs flipped, plus noise. As embedded, queries barely resemble their answers.
    private sealed class QueryLanguage
    {
        private readonly int[] _permutation;
        private readonly int[] _signs;
        private readonly Random _noise;

        public QueryLanguage(int seed)
        {
            var random = new Random(seed);
            _permutation = Enumerable.Range(0, Dimensions).OrderBy(_ => random.Next()).ToArray();
            _signs = Enumerable.Range(0, Dimensions).Select(_ => random.Next(2) == 0 ? -1 : 1).ToArray();
            _noise = new Random(seed + 1);
        }

        public float[] Ask(float[] answer) =>
            Unit(Enumerable.Range(0, Dimensions).Select(i => _signs[i] * answer[_permutation[i]] + 0.05 * (_noise.NextDouble() * 2 - 1)));
    }

    private static (List<float[]> Documents, List<AdapterExample> Train, List<(float[] Query, int Answer)> Test) Task(int seed)
    {
        var random = new Random(seed);
        var documents = Enumerable.Range(0, 200).Select(_ => RandomUnit(random, Dimensions)).ToList();
        var language = new QueryLanguage(seed);
        var train = Enumerable.Range(0, 150).SelectMany(d => Enumerable.Range(0, 2).Select(k =>
            new AdapterExample($"q{d}-{k}", language.Ask(documents[d]), $"d{d}", documents[d], [documents[(d + 1) % 150]], 1f))).ToList();
        var test = Enumerable.Range(150, 50).Select(d => (language.Ask(documents[d]), d)).ToList();
        return (documents, train, test);
    }

    private static double TopOneAccuracy(Func<float[], float[]> map, List<float[]> documents, List<(float[] Query, int Answer)> test) =>
        test.Count(t =>
        {
            var u = map(t.Query);
            return Enumerable.Range(0, documents.Count).MaxBy(d => Dot(u, documents[d])) == t.Answer;
        }) / (double)test.Count;

    private static readonly QueryAdapterOptions Fast = new() { Epochs = 60, BatchSize = 32, LearningRate = 0.02, IdentityPull = 0, MinExamples = 5 };

    [Fact]
    public void Learns_the_users_query_language_and_finds_answers_to_queries_it_never_saw()
    {
        var (documents, train, test) = Task(seed: 3);

        var fit = new QueryAdapterTrainer(Fast).Train(train);

        var identity = TopOneAccuracy(q => q, documents, test);
        var adapted = TopOneAccuracy(q => fit.Adapter.Apply(q), documents, test);
        identity.ShouldBeLessThan(0.2);
        adapted.ShouldBeGreaterThan(0.9);
        fit.EpochLosses[^1].ShouldBeLessThan(fit.EpochLosses[0] / 2);
    }

    [Fact]
    public void The_same_examples_options_and_seed_give_the_same_weights_and_another_seed_does_not()
    {
        var (_, train, _) = Task(seed: 5);
        var options = Fast with { Epochs = 3 };

        var first = new QueryAdapterTrainer(options).Train(train).Adapter.Matrix;
        var again = new QueryAdapterTrainer(options).Train(train).Adapter.Matrix;
        var otherSeed = new QueryAdapterTrainer(options with { Seed = 99 }).Train(train).Adapter.Matrix;

        again.ShouldBe(first);
        otherSeed.ShouldNotBe(first);
    }

    [Fact]
    public void Hard_negatives_alone_teach_the_map_to_rank_the_positive_above_what_the_user_passed_over()
    {
        // Every query sits between its positive and the result the user skipped; with one query per group and
        // all in one group there are no in-batch negatives, so only the hard negatives can teach anything.
        var random = new Random(8);
        var examples = Enumerable.Range(0, 60).Select(i =>
        {
            var (positive, skipped) = (RandomUnit(random, Dimensions), RandomUnit(random, Dimensions));
            var query = Unit(positive.Zip(skipped, (p, n) => (double)p + n));
            return new AdapterExample("same-group", query, $"p{i}", positive, [skipped], 1f);
        }).ToList();
        double Margin(Func<float[], float[]> map) => examples.Average(e => Dot(map(e.Query), e.Positive) - Dot(map(e.Query), e.HardNegatives[0]));

        var fit = new QueryAdapterTrainer(Fast).Train(examples);

        Math.Abs(Margin(q => q)).ShouldBeLessThan(0.05);
        Margin(q => fit.Adapter.Apply(q)).ShouldBeGreaterThan(0.2);
    }

    [Fact]
    public void Without_feedback_the_map_stays_the_identity_and_too_few_examples_are_refused()
    {
        LinearAdapter.Identity(4).Apply([3, 0, 4, 0]).ShouldBe([0.6f, 0, 0.8f, 0], tolerance: 1e-6);
        LinearAdapter.Identity(4).DistanceFromIdentity().ShouldBe(0);

        var (_, train, _) = Task(seed: 1);
        Should.Throw<InvalidOperationException>(() => new QueryAdapterTrainer(new QueryAdapterOptions { MinExamples = 1000 }).Train(train))
            .Message.ShouldContain("at least 1000");
    }

    [Fact]
    public void A_strong_pull_towards_the_identity_keeps_the_map_close_to_it()
    {
        var (_, train, _) = Task(seed: 4);

        var free = new QueryAdapterTrainer(Fast with { Epochs = 10 }).Train(train).Adapter.DistanceFromIdentity();
        var pulled = new QueryAdapterTrainer(Fast with { Epochs = 10, IdentityPull = 50 }).Train(train).Adapter.DistanceFromIdentity();

        pulled.ShouldBeLessThan(free / 3);
    }
}
