using EventSourcedRag.Retrieval.Analysis;

namespace EventSourcedRag.Retrieval.Tests.Analysis;

public class TermTableTests
{
    [Fact]
    public void A_sequence_reads_back_in_order_with_repeats_across_every_code_length()
    {
        var table = new TermTable();
        // 20,000 distinct words push ids past one (< 128), two (< 16,384) and into three varint bytes.
        var vocabulary = Enumerable.Range(0, 20_000).Select(i => $"w{i}").ToArray();
        table.Intern(vocabulary);
        string[] sequence = ["w0", "w127", "w128", "w16383", "w16384", "w19999", "w0", "new", "w128", "new"];

        var encoded = table.Intern(sequence);

        table.View(encoded).ShouldBe(sequence);
        encoded.Length.ShouldBe(1 + 1 + 2 + 2 + 3 + 3 + 1 + 3 + 2 + 3);
        table.View(table.Intern([])).ShouldBeEmpty();
    }

    [Fact]
    public void The_same_term_is_the_same_string_instance_in_every_view()
    {
        var table = new TermTable();
        var first = table.View(table.Intern([new string("heat".ToCharArray()), "pump"]));
        var second = table.View(table.Intern([new string("heat".ToCharArray())]));
        ReferenceEquals(first[0], second[0]).ShouldBeTrue();
    }
}
