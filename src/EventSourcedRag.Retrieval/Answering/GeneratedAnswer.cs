namespace EventSourcedRag.Retrieval.Answering;

/// <param name="Citations">Each [n] used in <see cref="Text"/>, mapped to the cited source.</param>
/// <param name="Confidence">In [0, 1]: how well the cited text covers the question and how strongly retrieval agreed.</param>
public sealed record GeneratedAnswer(string Text, IReadOnlyList<AnswerCitation> Citations, double Confidence);
