using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Learning.Adapters;
using EventSourcedRag.Learning.Onnx;

namespace EventSourcedRag.Infrastructure.Tests.Models;

public class OnnxQueryAdapterTests
{
    private static LinearAdapter Trained(int d, int seed)
    {
        var random = new Random(seed);
        var examples = Enumerable.Range(0, 40).Select(i =>
        {
            float[] Vector() => Enumerable.Range(0, d).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            return new AdapterExample($"q{i}", Vector(), $"c{i % 13}", Vector(), [Vector()], 1f + i % 3);
        }).ToList();
        return new QueryAdapterTrainer(new QueryAdapterOptions { Epochs = 5, LearningRate = 0.05, MinExamples = 10 }).Train(examples).Adapter;
    }

    [Fact]
    public void ONNX_Runtime_maps_queries_as_the_trainer_does_and_reads_the_encoder_from_the_artifact()
    {
        var adapter = Trained(24, seed: 2);
        adapter.DistanceFromIdentity().ShouldBeGreaterThan(0.1); // a map that is not the identity, or the test proves little

        using var served = new OnnxQueryAdapter("adapter-test", LinearAdapterOnnx.Export(adapter, "lsa-24d-abc"));

        served.Version.ShouldBe("adapter-test");
        served.EncoderVersion.ShouldBe("lsa-24d-abc");
        var random = new Random(5);
        for (var i = 0; i < 20; i++)
        {
            var query = Enumerable.Range(0, 24).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var onnx = served.Adapt(query);
            onnx.ShouldBe(adapter.Apply(query), tolerance: 1e-5);
            MathF.Sqrt(onnx.Sum(x => x * x)).ShouldBe(1f, tolerance: 1e-5f);
        }
    }

    [Fact]
    public void A_query_of_another_width_is_refused()
    {
        using var served = new OnnxQueryAdapter("narrow", LinearAdapterOnnx.Export(LinearAdapter.Identity(8), "lsa-8d"));

        Should.Throw<ArgumentException>(() => served.Adapt(new float[4])).Message.ShouldContain("8-dimensional");
    }

    [Fact]
    public void An_artifact_that_does_not_name_its_encoder_is_refused()
    {
        var anonymous = new OnnxGraph("anonymous")
            .Input("query", OnnxGraph.Float, null, 2)
            .Node("Identity", ["query"], ["adapted"])
            .Output("adapted", OnnxGraph.Float, null, 2)
            .ToBytes();

        Should.Throw<ArgumentException>(() => new OnnxQueryAdapter("anonymous", anonymous)).Message.ShouldContain("encoder");
    }
}
