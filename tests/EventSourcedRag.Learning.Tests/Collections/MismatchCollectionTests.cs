using EventSourcedRag.Learning.Collections;
using EventSourcedRag.Learning.Evaluation;

namespace EventSourcedRag.Learning.Tests.Collections;

/// <summary>The generated collection has the properties the learning benchmark relies on, and one seed gives one collection.</summary>
public class MismatchCollectionTests
{
    private static readonly MismatchCollectionOptions Options = new(Concepts: 12);

    private static HashSet<string> WordsOf(string text) => text.Split([' ', '.'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void No_document_contains_a_user_word_and_test_questions_share_no_word_with_their_relevant_documents()
    {
        var c = MismatchCollection.Generate(3, Options);
        var documentWords = c.Corpus.SelectMany(d => WordsOf(d.Title + " " + d.Text)).ToHashSet(StringComparer.Ordinal);
        c.Concepts.SelectMany(k => k.UserWords).ShouldAllBe(w => !documentWords.Contains(w));

        var byId = c.Corpus.ToDictionary(d => d.Id);
        foreach (var query in c.Queries.Where(q => c.Test.ContainsKey(q.Id)))
            foreach (var document in c.Test[query.Id].Keys)
                WordsOf(query.Text).Intersect(WordsOf(byId[document].Title + " " + byId[document].Text)).ShouldBeEmpty();
    }

    [Fact]
    public void Test_questions_pair_user_words_seen_in_training_but_never_together_and_some_training_questions_bridge()
    {
        var c = MismatchCollection.Generate(3, Options);
        var text = c.Queries.ToDictionary(q => q.Id, q => q.Text);
        foreach (var concept in c.Concepts)
        {
            var prefix = $"q{concept.Id:D4}-";
            var trainPairs = c.Train.Keys.Where(k => k.StartsWith(prefix)).Select(k => WordsOf(text[k]).Intersect(concept.UserWords).ToHashSet()).ToList();
            var testPairs = c.Test.Keys.Where(k => k.StartsWith(prefix)).Select(k => WordsOf(text[k]).Intersect(concept.UserWords).ToHashSet()).ToList();
            trainPairs.SelectMany(p => p).ToHashSet().ShouldBe(concept.UserWords.ToHashSet(), ignoreOrder: true);
            testPairs.ShouldAllBe(t => t.Count == 2 && !trainPairs.Any(p => p.SetEquals(t)));
        }
        var bridged = c.Train.Keys.Count(k => WordsOf(text[k]).Overlaps(c.Concepts[int.Parse(k[1..5])].DocumentWords));
        ((double)bridged / c.Train.Count).ShouldBeInRange(0.15, 0.45);
    }

    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_the_files_load_as_a_beir_collection()
    {
        string a = Directory.CreateTempSubdirectory().FullName, b = Directory.CreateTempSubdirectory().FullName;
        try
        {
            MismatchCollection.Write(MismatchCollection.Generate(5, Options), a);
            MismatchCollection.Write(MismatchCollection.Generate(5, Options), b);
            foreach (var file in new[] { "corpus.jsonl", "queries.jsonl", "qrels/train.tsv", "qrels/test.tsv" })
                File.ReadAllBytes(Path.Combine(a, file)).ShouldBe(File.ReadAllBytes(Path.Combine(b, file)));
            var test = BeirDataset.Load(a, "test");
            test.Corpus.Count.ShouldBe(60);
            test.Queries.Count.ShouldBe(48);
            BeirDataset.Load(a, "train").Queries.Count.ShouldBe(120);
            File.ReadAllBytes(Path.Combine(a, "corpus.jsonl")).ShouldNotBe(MismatchCollectionBytes(6));
        }
        finally
        {
            Directory.Delete(a, true);
            Directory.Delete(b, true);
        }
    }

    private static byte[] MismatchCollectionBytes(int seed)
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            MismatchCollection.Write(MismatchCollection.Generate(seed, Options), folder);
            return File.ReadAllBytes(Path.Combine(folder, "corpus.jsonl"));
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void Options_that_cannot_make_such_a_collection_are_refused_with_the_reason()
    {
        Should.Throw<ArgumentException>(() => MismatchCollection.Generate(1, new MismatchCollectionOptions(UserWords: 4, TrainPhrasings: 5, TestPhrasings: 4)))
            .Message.ShouldContain("pairs of 4 user words");
    }
}
