namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>
/// Groups texts of similar length: longest first, each batch filled while batch size × its longest text stays within
/// the token budget. Attention costs grow with the padded length, so mixing a 500-token chunk with fifty 20-token
/// queries would pay for 25,000 tokens to use 1,500.
/// </summary>
public static class LengthBatches
{
    /// <returns>Batches of indexes into <paramref name="lengths"/>; every index exactly once.</returns>
    public static List<List<int>> Plan(IReadOnlyList<int> lengths, int budgetTokens)
    {
        var order = Enumerable.Range(0, lengths.Count).OrderByDescending(i => lengths[i]).ThenBy(i => i).ToList();
        var batches = new List<List<int>>();
        List<int>? current = null;
        var longest = 0;
        foreach (var i in order)
        {
            if (current is null || (current.Count + 1) * longest > budgetTokens)
            {
                current = [];
                batches.Add(current);
                longest = lengths[i]; // sorted longest first: the first text of a batch is its longest
            }
            current.Add(i);
        }
        return batches;
    }
}
