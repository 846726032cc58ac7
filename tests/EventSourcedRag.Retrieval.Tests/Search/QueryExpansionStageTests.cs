using EventSourcedRag.Retrieval.Analysis;
using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Retrieval.Tests.Search;

public class QueryExpansionStageTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Topics = ["refund", "vacation", "invoice", "password", "shipment", "parking"];

    // A learned table in miniature: the users' word for each of the documents' words, at a fixed weight. Keyed, as a
    // trained model is, by analysed (stemmed) words.
    private sealed class Table(params (string From, string Term, double Weight)[] rows) : IQueryExpander
    {
        private readonly (string From, string Term, double Weight)[] _rows =
            [.. rows.Select(r => (Analyzed(r.From), Analyzed(r.Term), r.Weight))];

        public string Version => "expansion-test";
        public double DenseMinWeight => 0.5;

        public IReadOnlyList<QueryExpansion> Expand(IReadOnlyList<string> queryTerms, Func<string, bool> inCorpus) =>
            [.. _rows.Where(r => queryTerms.Contains(r.From)).Select(r => new QueryExpansion(r.From, r.Term, r.Term, inCorpus(r.From) ? r.Weight * 0.3 : r.Weight))];
    }

    private static string Analyzed(string word) => new EnglishAnalyzer().Analyze(word).Single();

    private static readonly Table Learned = new(("cancellation", "refund", 0.9), ("pto", "vacation", 0.8));

    private static ChunkCollection Corpus()
    {
        var collection = new ChunkCollection(RetrievalSettings.Default);
        for (var i = 0; i < 36; i++)
        {
            var doc = Guid.NewGuid();
            var topic = Topics[i % Topics.Length];
            var chunk = new IndexedChunk(Guid.CreateVersion7(), doc, 1, 0, $"{topic} note {i}", "a.md", [], Jan,
                $"How the {topic} process works for an order, note {i}: ask the {topic} desk and keep the order number.");
            collection.ReplaceDocument(doc, [chunk], i + 1);
        }
        return collection;
    }

    private static SearchRequest Request(string text, RetrieverMode mode, IQueryExpander? expander) =>
        new(text, 5, FusionMethod.Rrf, SearchFilter.None, Mode: mode, Expander: expander);

    [Theory]
    [InlineData(RetrieverMode.Bm25)]
    [InlineData(RetrieverMode.Hybrid)]
    public void Documents_without_the_question_s_words_are_found_through_the_learned_words(RetrieverMode mode)
    {
        var collection = Corpus();

        var plain = collection.Search(Request("cancellation of my order", mode, null));
        var expanded = collection.Search(Request("cancellation of my order", mode, Learned));

        plain.Hits.Take(3).Count(h => h.Chunk.Title.StartsWith("refund", StringComparison.Ordinal)).ShouldBeLessThan(3);
        expanded.Hits.Take(5).ShouldAllBe(h => h.Chunk.Title.StartsWith("refund", StringComparison.Ordinal));
        expanded.QueryExpansion.ShouldBe("expansion-test");
        expanded.Expansions.ShouldBe([new QueryExpansion(Analyzed("cancellation"), Analyzed("refund"), Analyzed("refund"), 0.9)]);
        plain.QueryExpansion.ShouldBeNull();
        plain.Expansions.ShouldBeNull();
    }

    [Fact]
    public void A_question_the_model_knows_none_of_the_words_of_is_served_as_asked()
    {
        var collection = Corpus();

        var asked = collection.Search(Request("parking rules for visitors", RetrieverMode.Hybrid, Learned));

        asked.Expansions.ShouldBeNull();
        asked.QueryExpansion.ShouldBe("expansion-test");
        asked.Hits.Select(h => h.Chunk.ChunkId).ShouldBe(collection.Search(Request("parking rules for visitors", RetrieverMode.Hybrid, null)).Hits.Select(h => h.Chunk.ChunkId));
    }

    [Fact]
    public void An_expansion_of_a_word_the_documents_use_weighs_less_than_the_word_itself()
    {
        var collection = Corpus();
        var toRefund = new Table(("parking", "refund", 0.9));

        var result = collection.Search(Request("parking", RetrieverMode.Bm25, toRefund));

        result.Expansions!.Single().Weight.ShouldBe(0.9 * 0.3, 1e-12);
        result.Hits.Take(5).ShouldAllBe(h => h.Chunk.Title.StartsWith("parking", StringComparison.Ordinal));
    }
}
