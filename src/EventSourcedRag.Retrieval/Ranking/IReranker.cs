namespace EventSourcedRag.Retrieval.Ranking;

/// <summary>
/// The rerank stage: scores first-stage candidates from their <see cref="RankingFeatures"/> rows. Implementations
/// are hand-set (<see cref="LinearReranker"/>) or trained from feedback and served through ONNX Runtime.
/// </summary>
public interface IReranker
{
    /// <summary>Names the model exactly, so a served query records which reranker ordered it.</summary>
    string Version { get; }

    /// <summary>A score per row; higher ranks first.</summary>
    double[] Score(IReadOnlyList<float[]> rows);
}
