using EventSourcedRag.Retrieval.Answering;

namespace EventSourcedRag.Retrieval.Tests.Answering;

public class CitationCheckTests
{
    private static readonly AnswerSource[] Shown =
    [
        new(1, Guid.Parse("00000000-0000-0000-0000-000000000001"), "Leave", "Leave takes two days."),
        new(2, Guid.Parse("00000000-0000-0000-0000-000000000002"), "Badges", "Badges are issued at reception."),
    ];

    [Fact]
    public void Citations_of_shown_sources_are_kept_in_order_once_each()
    {
        var result = CitationCheck.Check("Badges come from reception [2]. Leave takes two days [1][2].", Shown);
        result.Text.ShouldBe("Badges come from reception [2]. Leave takes two days [1][2].");
        result.Citations.Select(c => c.Number).ShouldBe([1, 2]);
        result.Citations[1].ChunkId.ShouldBe(Shown[1].ChunkId);
        result.Removed.ShouldBeEmpty();
        result.Grounding.ShouldBe(1.0);
    }

    [Fact]
    public void A_marker_naming_no_shown_source_is_removed_and_reported()
    {
        var result = CitationCheck.Check("Leave takes two days [1] [7]. Parking is free [3].", Shown);
        result.Text.ShouldBe("Leave takes two days [1]. Parking is free.");
        result.Citations.Select(c => c.Number).ShouldBe([1]);
        result.Removed.ShouldBe([7, 3]);
        result.Grounding.ShouldBe(0.5);
    }

    [Fact]
    public void An_answer_without_markers_is_ungrounded()
    {
        var result = CitationCheck.Check("I do not know.", Shown);
        result.Citations.ShouldBeEmpty();
        result.Grounding.ShouldBe(0);
    }
}

public class AnswerPiecesTests
{
    [Theory]
    [InlineData("Leave takes two days. [1] Badges are issued at reception. [2]", new[] { "Leave takes two days. [1] ", "Badges are issued at reception. [2]" })]
    [InlineData("One [1]. Two? Three", new[] { "One [1]. ", "Two? ", "Three" })]
    [InlineData("", new string[0])]
    public void An_answer_is_cut_after_each_sentence_and_its_citations_and_joins_back(string text, string[] pieces)
    {
        var cut = IAnswerGenerator.Pieces(text).ToList();
        cut.ShouldBe(pieces);
        string.Concat(cut).ShouldBe(text);
    }
}
