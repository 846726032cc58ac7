using EventSourcedRag.Learning.Onnx;
using EventSourcedRag.Learning.Ranking;
using EventSourcedRag.Retrieval.Ranking;

namespace EventSourcedRag.Api.Tests.Fixtures;

/// <summary>Rerankers written by hand, exported to ONNX as trained ones are, whose ranking a test can predict.</summary>
public static class HandMadeModels
{
    /// <summary>
    /// Scores a candidate by its length: 0, 1 or 2 as log(1 + terms) passes 2.5 and 3.5. Served through ONNX Runtime,
    /// it puts the longest matching chunk first whatever the first stage thought.
    /// </summary>
    public static byte[] LongestFirst()
    {
        var column = RankingFeatures.IndexOf("log_length");
        RegressionTree Step(float threshold) => new([column], [threshold], [~0], [~1], [0, 1], 1);
        return TreeEnsembleOnnx.Export(new TreeEnsemble(RankingFeatures.Count, 0, [Step(2.5f), Step(3.5f)]));
    }
}
