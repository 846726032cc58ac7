using System.Text.RegularExpressions;
using EventSourcedRag.Retrieval.Answering;

namespace EventSourcedRag.Retrieval.Tests.Answering;

public class ExtractiveAnswerGeneratorTests
{
    private static readonly AnswerSource[] Sources =
    [
        new(1, Guid.NewGuid(), "Vacation", "Employees receive 27 days of paid vacation per year. The office has a kitchen."),
        new(2, Guid.NewGuid(), "Carry over", "Unused vacation days expire on March 31. Parking is free."),
        new(3, Guid.NewGuid(), "Meeting rooms", "Rooms can be booked for four hours."),
    ];

    [Fact]
    public async Task Answers_with_sentences_from_the_sources_and_cites_each_by_position()
    {
        var answer = await new ExtractiveAnswerGenerator().GenerateAsync("How many paid vacation days are there, and when do they expire?", Sources, 0.8, CancellationToken.None);

        answer.Text.ShouldContain("27 days of paid vacation per year. [1]");
        answer.Text.ShouldContain("expire on March 31. [2]");
        answer.Text.ShouldNotContain("kitchen");
        answer.Citations.Select(c => c.Position).ShouldBe([1, 2]);
        var cited = Regex.Matches(answer.Text, @"\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value)).ToHashSet();
        cited.ShouldBe(answer.Citations.Select(c => c.Number).ToHashSet(), ignoreOrder: true);
        answer.Confidence.ShouldBeInRange(0.5, 1.0);
    }

    [Fact]
    public async Task Says_so_when_no_source_matches()
    {
        var answer = await new ExtractiveAnswerGenerator().GenerateAsync("quantum chromodynamics", Sources, 0.1, CancellationToken.None);
        answer.Text.ShouldBe(ExtractiveAnswerGenerator.NoAnswer);
        answer.Citations.ShouldBeEmpty();
        answer.Confidence.ShouldBe(0);
    }
}
