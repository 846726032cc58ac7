using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Retrieval.Tests.Dense;

public class HnswIndexTests
{
    private const int Dimensions = 48;

    // Clustered unit vectors, like embeddings of documents on a few hundred topics.
    private static float[][] Data(int count, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, 200).Select(_ => Unit(Enumerable.Range(0, Dimensions).Select(_ => (float)Gaussian(random)).ToArray())).ToArray();
        return Enumerable.Range(0, count).Select(_ =>
        {
            var c = centres[random.Next(centres.Length)];
            return Unit(c.Select(x => x + 0.35f * (float)Gaussian(random)).ToArray());
        }).ToArray();
    }

    private static float[] Unit(float[] v)
    {
        VectorMath.Normalize(v);
        return v;
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static double RecallAt10(HnswIndex hnsw, ExactVectorIndex exact, float[][] queries, Func<int, bool>? filter = null)
    {
        double found = 0;
        foreach (var q in queries)
        {
            var truth = exact.Search(q, 10, filter).Select(h => h.Slot).ToHashSet();
            found += hnsw.Search(q, 10, filter).Count(h => truth.Contains(h.Slot)) / (double)Math.Max(1, truth.Count);
        }
        return found / queries.Length;
    }

    private static (HnswIndex, ExactVectorIndex) Build(float[][] data)
    {
        var hnsw = new HnswIndex(Dimensions, new HnswParameters());
        var exact = new ExactVectorIndex(Dimensions);
        for (var i = 0; i < data.Length; i++)
        {
            hnsw.Set(i, data[i]);
            exact.Set(i, data[i]);
        }
        return (hnsw, exact);
    }

    [Fact]
    public void Recall_at_10_against_exact_search_is_at_least_0_98()
    {
        var (hnsw, exact) = Build(Data(4000, seed: 1));
        RecallAt10(hnsw, exact, Data(200, seed: 2)).ShouldBeGreaterThanOrEqualTo(0.98);
    }

    [Fact]
    public void Removed_vectors_are_never_returned_and_recall_holds()
    {
        var data = Data(3000, seed: 3);
        var (hnsw, exact) = Build(data);
        for (var i = 0; i < data.Length; i += 3)
        {
            hnsw.Remove(i);
            exact.Remove(i);
        }
        var queries = Data(150, seed: 4);
        foreach (var q in queries) hnsw.Search(q, 10).ShouldAllBe(h => h.Slot % 3 != 0);
        hnsw.Count.ShouldBe(2000);
        RecallAt10(hnsw, exact, queries).ShouldBeGreaterThanOrEqualTo(0.97);
    }

    [Fact]
    public void A_filter_is_applied_during_the_search()
    {
        var (hnsw, exact) = Build(Data(3000, seed: 5));
        bool Even(int slot) => slot % 2 == 0;
        var queries = Data(100, seed: 6);
        foreach (var q in queries) hnsw.Search(q, 10, Even).ShouldAllBe(h => h.Slot % 2 == 0);
        RecallAt10(hnsw, exact, queries, Even).ShouldBeGreaterThanOrEqualTo(0.97);
    }

    [Fact]
    public void The_same_insertions_build_the_same_graph()
    {
        var data = Data(800, seed: 7);
        var (a, _) = Build(data);
        var (b, _) = Build(data);
        foreach (var q in Data(20, seed: 8)) a.Search(q, 10).ShouldBe(b.Search(q, 10));
    }

    private static HnswIndex BuildInBatches(float[][] data, int first = 0)
    {
        var hnsw = new HnswIndex(Dimensions, new HnswParameters());
        hnsw.SetMany(Enumerable.Range(first, data.Length).ToList(), data);
        return hnsw;
    }

    private static byte[] Bytes(HnswIndex index)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream)) index.Write(w);
        return stream.ToArray();
    }

    [Fact]
    public void A_graph_built_in_parallel_batches_finds_as_much_as_one_built_an_insertion_at_a_time()
    {
        var data = Data(4000, seed: 1);
        var (sequential, exact) = Build(data);
        var batched = BuildInBatches(data);
        var queries = Data(200, seed: 2);
        var recall = RecallAt10(batched, exact, queries);
        recall.ShouldBeGreaterThanOrEqualTo(0.98);
        recall.ShouldBeGreaterThanOrEqualTo(RecallAt10(sequential, exact, queries) - 0.01);
    }

    [Fact]
    public void Parallel_batches_build_the_same_graph_byte_for_byte_every_time()
    {
        var data = Data(3000, seed: 10);
        var first = Bytes(BuildInBatches(data));
        for (var run = 0; run < 3; run++) Bytes(BuildInBatches(data)).ShouldBe(first);
    }

    [Fact]
    public void A_batched_graph_keeps_growing_one_insertion_at_a_time_and_serves_removals()
    {
        var data = Data(3000, seed: 11);
        var hnsw = BuildInBatches(data[..2500]);
        var exact = new ExactVectorIndex(Dimensions);
        for (var i = 0; i < data.Length; i++) exact.Set(i, data[i]);
        for (var i = 2500; i < data.Length; i++) hnsw.Set(i, data[i]);
        for (var i = 0; i < data.Length; i += 4)
        {
            hnsw.Remove(i);
            exact.Remove(i);
        }
        hnsw.Count.ShouldBe(2250);
        var queries = Data(100, seed: 12);
        foreach (var q in queries) hnsw.Search(q, 10).ShouldAllBe(h => h.Slot % 4 != 0);
        RecallAt10(hnsw, exact, queries).ShouldBeGreaterThanOrEqualTo(0.97);
    }

    [Fact]
    public void A_slot_indexed_twice_in_one_batch_is_refused()
    {
        var data = Data(10, seed: 13);
        var hnsw = new HnswIndex(Dimensions, new HnswParameters());
        Should.Throw<InvalidOperationException>(() => hnsw.SetMany([0, 1, 2, 1], data[..4]));
    }

    [Fact]
    public void Quantised_dot_products_are_close_to_the_float_ones()
    {
        var data = Data(50, seed: 9);
        var store = new QuantizedVectors(Dimensions);
        for (var i = 0; i < data.Length; i++) store.Set(i, data[i]);
        for (var i = 1; i < data.Length; i++)
            Math.Abs(store.Dot(0, i) - VectorMath.Dot(data[0], data[i])).ShouldBeLessThan(0.01f);
    }
}
