namespace EventSourcedRag.Retrieval.Analysis;

/// <summary>
/// Analysed terms held once each, so an index keeps a chunk's terms as 4-byte ids instead of a string per
/// token: at a hundred tokens a chunk that is most of what the index holds. Ids are never reused or removed
/// (the vocabulary only grows, and is bounded by the language, not the corpus). Not thread-safe: the owner
/// serialises <see cref="Intern"/> against readers.
/// </summary>
public sealed class TermTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _terms = [];

    public int[] Intern(IReadOnlyList<string> terms)
    {
        var ids = new int[terms.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            if (!_ids.TryGetValue(terms[i], out var id))
            {
                _ids[terms[i]] = id = _terms.Count;
                _terms.Add(terms[i]);
            }
            ids[i] = id;
        }
        return ids;
    }

    /// <summary>The terms of <paramref name="ids"/>, as the shared string instances, without copying.</summary>
    public IReadOnlyList<string> View(int[] ids) => new Terms(this, ids);

    private sealed class Terms(TermTable table, int[] ids) : IReadOnlyList<string>
    {
        public string this[int index] => table._terms[ids[index]];
        public int Count => ids.Length;

        public IEnumerator<string> GetEnumerator()
        {
            foreach (var id in ids) yield return table._terms[id];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
