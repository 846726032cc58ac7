using EventSourcedRag.Retrieval.Lexical;

namespace EventSourcedRag.Retrieval.Tests.Lexical;

public class Bm25IndexTests
{
    [Fact]
    public void Scores_match_a_hand_computed_bm25()
    {
        var index = new Bm25Index(new Bm25Parameters(K1: 0.9, B: 0.4));
        index.Add(0, ["cat", "sat", "mat"]);
        index.Add(1, ["dog", "sat"]);
        index.Add(2, ["cat", "cat", "dog", "log"]);

        var hits = index.Search(["cat"], 10);

        // N = 3, df(cat) = 2, avgdl = 3; idf = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln 1.6
        var idf = Math.Log(1.6);
        double Score(int tf, int dl) => idf * tf * 1.9 / (tf + 0.9 * (1 - 0.4 + 0.4 * dl / 3.0));
        hits.Select(h => h.Slot).ShouldBe([2, 0]);
        hits[0].Score.ShouldBe(Score(2, 4), 1e-12);
        hits[1].Score.ShouldBe(Score(1, 3), 1e-12);
    }

    [Fact]
    public void Trimming_the_lists_after_a_bulk_load_changes_no_score_and_later_additions_still_count()
    {
        var docs = Enumerable.Range(0, 300).Select(i => Enumerable.Range(0, 4 + i % 9).Select(j => $"t{(i * 5 + j * 7) % 31}").ToArray()).ToArray();
        var index = new Bm25Index(new Bm25Parameters());
        for (var i = 0; i < docs.Length; i++) index.Add(i, docs[i]);
        string[] query = ["t3", "t17", "t29"];
        var before = index.Search(query, 50);

        index.TrimExcess();
        index.Search(query, 50).ShouldBe(before);
        index.Add(300, ["t3", "t3", "t17"]);
        var fresh = new Bm25Index(new Bm25Parameters());
        for (var i = 0; i < docs.Length; i++) fresh.Add(i, docs[i]);
        fresh.Add(300, ["t3", "t3", "t17"]);
        index.Search(query, 50).ShouldBe(fresh.Search(query, 50));
        index.Search(query, 301).ShouldContain(h => h.Slot == 300);
    }

    [Fact]
    public void Repeated_query_terms_count_as_often_as_they_appear()
    {
        var index = new Bm25Index(new Bm25Parameters());
        index.Add(0, ["alpha", "beta"]);
        index.Add(1, ["gamma"]);
        var once = index.Search(["alpha"], 1)[0].Score;
        index.Search(["alpha", "alpha"], 1)[0].Score.ShouldBe(2 * once, 1e-12);
    }

    [Fact]
    public void After_removals_scores_equal_an_index_built_from_the_survivors()
    {
        var docs = Enumerable.Range(0, 60).Select(i => Enumerable.Range(0, 5 + i % 7).Select(j => $"t{(i * 7 + j * 3) % 23}").ToArray()).ToArray();
        var churned = new Bm25Index(new Bm25Parameters());
        for (var i = 0; i < docs.Length; i++) churned.Add(i, docs[i]);
        var removed = Enumerable.Range(0, docs.Length).Where(i => i % 3 == 0).ToHashSet();
        foreach (var i in removed) churned.Remove(i, docs[i]);

        var fresh = new Bm25Index(new Bm25Parameters());
        for (var i = 0; i < docs.Length; i++) if (!removed.Contains(i)) fresh.Add(i, docs[i]);

        foreach (var q in new[] { new[] { "t1", "t5" }, ["t22"], ["t3", "t3", "t9"] })
        {
            var a = churned.Search(q, 100);
            var b = fresh.Search(q, 100);
            a.Select(h => h.Slot).ShouldBe(b.Select(h => h.Slot));
            a.Zip(b).ShouldAllBe(p => Math.Abs(p.First.Score - p.Second.Score) < 1e-12);
            a.ShouldAllBe(h => !removed.Contains(h.Slot));
        }
    }

    [Fact]
    public void The_filter_applies_before_the_top_k_cut()
    {
        var index = new Bm25Index(new Bm25Parameters());
        for (var i = 0; i < 20; i++) index.Add(i, Enumerable.Repeat("apple", 20 - i).ToArray());
        var hits = index.Search(["apple"], 1, slot => slot == 17);
        hits.Single().Slot.ShouldBe(17);
    }

    [Fact]
    public void Equal_scores_are_ordered_by_slot()
    {
        var index = new Bm25Index(new Bm25Parameters());
        foreach (var slot in new[] { 5, 1, 3 }) index.Add(slot, ["same"]);
        index.Add(0, ["other"]);
        index.Search(["same"], 2).Select(h => h.Slot).ShouldBe([1, 3]);
    }
}
