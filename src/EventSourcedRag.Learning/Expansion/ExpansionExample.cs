namespace EventSourcedRag.Learning.Expansion;

/// <summary>One response with documents its user chose: the analysed words asked, and the chosen chunks' analysed words.</summary>
/// <param name="User">The (hashed) user who asked: evidence is counted per user, not per click.</param>
/// <param name="Chosen">Each chosen chunk's words with the weight of the evidence that it was chosen (debiased, capped).</param>
public sealed record ExpansionExample(string User, IReadOnlyList<string> QueryTerms, IReadOnlyList<ChosenChunk> Chosen);
