using EventSourcedRag.Infrastructure.Embeddings;

namespace EventSourcedRag.Infrastructure.Tests.Embeddings;

public class LengthBatchesTests
{
    [Fact]
    public void Every_text_is_in_one_batch_longest_first_within_the_token_budget()
    {
        int[] lengths = [5, 300, 7, 120, 6, 290, 8];
        var batches = LengthBatches.Plan(lengths, 600);
        batches.SelectMany(b => b).Order().ShouldBe(Enumerable.Range(0, lengths.Length));
        batches[0].ShouldBe([1, 5]); // 2 × 300 fits, a third would not
        foreach (var batch in batches) (batch.Count * batch.Max(i => lengths[i]) <= 600 || batch.Count == 1).ShouldBeTrue();
        batches.Count.ShouldBe(2);
        batches[1].ShouldBe([3, 6, 2, 4, 0]); // 5 × 120 tokens: the short ones ride with the medium one
    }

    [Fact]
    public void A_text_longer_than_the_budget_gets_a_batch_of_its_own() =>
        LengthBatches.Plan([900, 10], 100).ShouldBe([[0], [1]]);
}
