namespace EventSourcedRag.Learning.Collections;

/// <summary>The shape of a generated vocabulary-mismatch collection (<see cref="MismatchCollection"/>).</summary>
/// <param name="Concepts">Topics; each has its own document words and its own, disjoint, user words.</param>
/// <param name="DocumentsPerConcept">Documents about each topic: all are relevant to every question about it.</param>
/// <param name="DocumentWords">Words the documents use for a topic.</param>
/// <param name="UserWords">Words users use for the same topic; no document contains any of them.</param>
/// <param name="TrainPhrasings">Training questions per topic (pairs of its user words).</param>
/// <param name="TestPhrasings">Test questions per topic: pairs of user words never asked together in training.</param>
/// <param name="BridgeRate">Share of training questions that also use one of the documents' words, as some users do: the only way clicks on the right documents can start.</param>
/// <param name="Filler">Words every document draws its body from, shared by all topics.</param>
/// <param name="WordsPerDocument">Body length in words.</param>
public sealed record MismatchCollectionOptions(
    int Concepts = 40,
    int DocumentsPerConcept = 5,
    int DocumentWords = 4,
    int UserWords = 6,
    int TrainPhrasings = 10,
    int TestPhrasings = 4,
    double BridgeRate = 0.3,
    int Filler = 300,
    int WordsPerDocument = 60)
{
    public IEnumerable<string> Validate()
    {
        if (Concepts is < 2 or > 10_000) yield return "concepts must be 2 to 10,000";
        if (DocumentsPerConcept is < 1 or > 1000) yield return "documents per concept must be 1 to 1,000";
        if (DocumentWords is < 1 or > 50 || UserWords is < 3 or > 50) yield return "document words must be 1 to 50 and user words 3 to 50 per concept";
        if (TrainPhrasings < 1 || TestPhrasings < 1 || TrainPhrasings + TestPhrasings > UserWords * (UserWords - 1) / 2)
            yield return $"train and test phrasings must be at least 1 each and together at most the {UserWords * (UserWords - 1) / 2} pairs of {UserWords} user words";
        if (TrainPhrasings < (UserWords + 1) / 2) yield return "train phrasings must be enough to use every user word at least once";
        if (BridgeRate is < 0 or > 1) yield return "bridge rate must be 0 to 1";
        if (Filler is < 10 or > 100_000 || WordsPerDocument is < 10 or > 10_000) yield return "filler must be 10 to 100,000 words and documents 10 to 10,000 words long";
    }
}
