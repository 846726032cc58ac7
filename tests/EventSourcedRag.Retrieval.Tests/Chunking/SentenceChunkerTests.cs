using EventSourcedRag.Retrieval.Chunking;

namespace EventSourcedRag.Retrieval.Tests.Chunking;

public class SentenceChunkerTests
{
    private static string Sentences(int count, int words) =>
        string.Join(" ", Enumerable.Range(1, count).Select(i => $"Sentence{i} " + string.Join(" ", Enumerable.Repeat("word", words - 2)) + " end."));

    [Fact]
    public void Splits_sentences_but_not_after_abbreviations_or_decimals()
    {
        const string text = "Dr. Smith paid 3.5 euros, e.g. for tea. Then he left! Did he? Yes.";
        SentenceSplitter.Split(text).Select(s => text[s.Start..s.End])
            .ShouldBe(["Dr. Smith paid 3.5 euros, e.g. for tea.", "Then he left!", "Did he?", "Yes."]);
    }

    [Fact]
    public void A_short_heading_line_is_its_own_sentence_but_a_wrapped_line_is_not()
    {
        const string text = "Vacation Policy\nEvery employee gets 27 days of paid\nvacation per year.";
        SentenceSplitter.Split(text).Select(s => text[s.Start..s.End])
            .ShouldBe(["Vacation Policy", "Every employee gets 27 days of paid\nvacation per year."]);
    }

    [Fact]
    public void Chunks_respect_the_target_and_repeat_the_overlap()
    {
        var text = Sentences(10, 10); // ten sentences of ten tokens
        var chunks = new SentenceChunker(targetTokens: 30, overlapTokens: 10).Chunk(text);
        chunks.ShouldAllBe(c => c.TokenCount <= 30);
        chunks[0].Text.ShouldStartWith("Sentence1 ");
        chunks[0].Text.ShouldEndWith("Sentence3 " + string.Join(" ", Enumerable.Repeat("word", 8)) + " end.");
        chunks[1].Text.ShouldStartWith("Sentence3 "); // one sentence of overlap
        chunks[^1].Text.ShouldEndWith("Sentence10 " + string.Join(" ", Enumerable.Repeat("word", 8)) + " end.");
        chunks.Select(c => c.Ordinal).ShouldBe(Enumerable.Range(0, chunks.Count));
    }

    [Fact]
    public void Offsets_point_at_the_chunk_text_in_the_source()
    {
        var text = "Intro line.\n\n" + Sentences(8, 12) + "\n\nClosing words here.";
        foreach (var chunk in new SentenceChunker(25, 5).Chunk(text))
            text[chunk.Start..chunk.End].ShouldBe(chunk.Text);
    }

    [Fact]
    public void A_sentence_longer_than_the_target_is_cut()
    {
        var text = string.Join(" ", Enumerable.Range(0, 100).Select(i => $"w{i}")) + ".";
        var chunks = new SentenceChunker(40, 0).Chunk(text);
        chunks.Select(c => c.TokenCount).ShouldBe([40, 40, 20]);
        chunks[1].Text.ShouldStartWith("w40 ");
    }

    [Fact]
    public void Every_word_of_the_text_is_in_some_chunk()
    {
        var text = Sentences(23, 7);
        var chunks = new SentenceChunker(20, 6).Chunk(text);
        var covered = chunks.SelectMany(c => c.Text.Split(' ')).ToHashSet();
        text.Split(' ').ShouldAllBe(w => covered.Contains(w));
    }
}
