using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>What the dense learners (the query adapter, personal steering) learn from: each chosen chunk of a response, in vectors.</summary>
public static class ChosenVectors
{
    /// <summary>
    /// One example per chosen chunk of each response in <paramref name="train"/>, made by <paramref name="make"/> from the
    /// response, its query's vector, the chunk, the chunk's vector, the vectors of the response's hard negatives and the
    /// chunk's weight.
    /// </summary>
    public static List<T> Examples<T>(
        IReadOnlyList<AdapterQuery> train, DenseVectors vectors, Func<AdapterQuery, float[], Guid, float[], List<float[]>, double, T> make)
    {
        var examples = new List<T>();
        for (var i = 0; i < train.Count; i++)
        {
            if (vectors.Queries[i] is not { } query) continue; // no term of the query is in the encoder's vocabulary
            var negatives = train[i].HardNegatives.Select(n => vectors.Chunks.GetValueOrDefault(n)).OfType<float[]>().ToList();
            foreach (var (chunk, weight) in train[i].Positives)
                if (vectors.Chunks.TryGetValue(chunk, out var chosen)) // a chunk deleted since is no evidence about today's index
                    examples.Add(make(train[i], query, chunk, chosen, negatives, weight));
        }
        return examples;
    }
}
