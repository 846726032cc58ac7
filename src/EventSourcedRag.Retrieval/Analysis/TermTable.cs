namespace EventSourcedRag.Retrieval.Analysis;

/// <summary>
/// Analysed terms held once each, so an index keeps a chunk's terms as small integer ids instead of a string per
/// token: at a hundred tokens a chunk that is most of what the index holds. A sequence of ids is stored as
/// LEB128 varints: ids are given in first-seen order, so the common words of a language, met early, take one or
/// two bytes instead of four. Ids are never reused or removed (the vocabulary only grows, and is bounded by the
/// language, not the corpus). Not thread-safe: the owner serialises <see cref="Intern"/> against readers.
/// </summary>
public sealed class TermTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _terms = [];

    /// <summary>Interns the terms; returns their ids, encoded (read them back with <see cref="View"/>).</summary>
    public byte[] Intern(IReadOnlyList<string> terms)
    {
        var buffer = new byte[terms.Count * 5];
        var length = 0;
        foreach (var term in terms)
        {
            if (!_ids.TryGetValue(term, out var id))
            {
                _ids[term] = id = _terms.Count;
                _terms.Add(term);
            }
            var value = (uint)id;
            for (; value >= 0x80; value >>= 7) buffer[length++] = (byte)(value | 0x80);
            buffer[length++] = (byte)value;
        }
        return buffer[..length];
    }

    /// <summary>The terms of an encoded sequence, as the shared string instances.</summary>
    public IReadOnlyList<string> View(byte[] encoded) => new Terms(this, Decode(encoded));

    private static int[] Decode(byte[] encoded)
    {
        var count = 0;
        foreach (var b in encoded) if (b < 0x80) count++;
        var ids = new int[count];
        var (index, value, shift) = (0, 0u, 0);
        foreach (var b in encoded)
        {
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                ids[index++] = (int)value;
                (value, shift) = (0u, 0);
            }
            else shift += 7;
        }
        return ids;
    }

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
