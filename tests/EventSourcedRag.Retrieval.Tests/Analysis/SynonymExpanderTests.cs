using EventSourcedRag.Retrieval.Analysis;

namespace EventSourcedRag.Retrieval.Tests.Analysis;

public class SynonymExpanderTests
{
    private static readonly SynonymExpander Expander = new(new Dictionary<string, string>
    {
        ["PTO"] = "paid time off vacation",
        ["work from home"] = "remote work",
        ["WFH"] = "remote work",
        ["time"] = "hours",
    });

    [Fact]
    public void Acronyms_are_expanded_case_insensitively_and_the_original_words_stay() =>
        Expander.Expand("How much PTO do I get?").ShouldBe("How much PTO do I get? paid time off vacation");

    [Fact]
    public void Phrases_match_whole_words_and_an_expansion_is_added_once() =>
        Expander.Expand("wfh or work from home rules").ShouldBe("wfh or work from home rules remote work");

    [Fact]
    public void Partial_words_do_not_match() =>
        Expander.Expand("stopwatch timer").ShouldBe("stopwatch timer");

    [Fact]
    public void An_empty_dictionary_changes_nothing() =>
        SynonymExpander.None.Expand("anything").ShouldBe("anything");
}
