namespace EventSourcedRag.Retrieval.Dense;

public sealed partial class HnswIndex
{
    // Which slots a layer search has reached: a stamp per slot, so starting a search is one increment instead of a
    // fresh hash set, and a lookup one array read. One per thread, since readers search concurrently.
    private sealed class Visited
    {
        [ThreadStatic] private static Visited? _current;
        private int[] _marks = [];
        private int _stamp;

        public static Visited Start(int slots)
        {
            var v = _current ??= new Visited();
            if (v._marks.Length < slots) (v._marks, v._stamp) = (new int[Math.Max(slots, v._marks.Length * 2)], 0);
            if (++v._stamp == int.MaxValue) (v._marks, v._stamp) = (new int[v._marks.Length], 1);
            return v;
        }

        /// <summary>False when the slot was already reached in this search.</summary>
        public bool Add(int slot)
        {
            if (_marks[slot] == _stamp) return false;
            _marks[slot] = _stamp;
            return true;
        }
    }
}
