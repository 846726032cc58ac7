using EventSourcedRag.Retrieval.Analysis;
using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Retrieval.Tests.Dense;

public class LsaEncoderTests
{
    private static readonly EnglishAnalyzer Analyzer = new();

    private static readonly string[] Corpus =
    [
        "Employees receive paid vacation days every year and may carry over unused vacation.",
        "Holiday leave requests for vacation are approved by the team lead in the portal.",
        "Annual leave and vacation allowance depend on contracted hours.",
        "The VPN client connects laptops to internal systems with multi-factor authentication.",
        "Install the VPN client and sign in with your company account to reach the build farm.",
        "Passwords and multi-factor authentication protect company accounts and the VPN.",
        "Expense claims with receipts are reimbursed with the monthly salary.",
        "Meals during business travel are reimbursed up to a daily limit with receipts.",
    ];

    private static IReadOnlyList<IReadOnlyList<string>> Analyzed => Corpus.Select(t => (IReadOnlyList<string>)Analyzer.Analyze(t)).ToList();

    [Fact]
    public void Fitting_the_same_corpus_twice_gives_identical_vectors_and_version()
    {
        var a = LsaEncoder.Fit(Analyzed, new LsaOptions(Dimensions: 4));
        var b = LsaEncoder.Fit(Analyzed, new LsaOptions(Dimensions: 4));
        a.Version.ShouldBe(b.Version);
        var q = Analyzer.Analyze("vacation leave");
        a.EmbedTerms(q).ShouldBe(b.EmbedTerms(q));
    }

    [Fact]
    public void Embeddings_are_unit_length_and_topical()
    {
        var encoder = LsaEncoder.Fit(Analyzed, new LsaOptions(Dimensions: 3));
        var docs = encoder.Embed(Corpus);
        docs.Select(v => v.ToArray()).ShouldBe(Analyzed.Select(encoder.EmbedTerms).ToList()); // text and analysed paths agree
        docs.ShouldAllBe(v => Math.Abs(VectorMath.Dot(v, v) - 1) < 1e-4);

        // "holiday" appears in one vacation document only, yet the query lands among the vacation documents.
        var query = encoder.EmbedTerms(Analyzer.Analyze("holiday allowance"));
        var ranked = docs.Select((v, i) => (i, VectorMath.Dot(query, v))).OrderByDescending(x => x.Item2).Select(x => x.i).Take(3).ToList();
        ranked.ShouldBeSubsetOf([0, 1, 2]);
    }

    [Fact]
    public void The_dimension_is_capped_by_the_corpus()
    {
        var encoder = LsaEncoder.Fit(Analyzed.Take(3).ToList(), new LsaOptions(Dimensions: 64));
        encoder.Dimensions.ShouldBe(2);
    }

    [Fact]
    public void Unknown_words_embed_to_the_zero_vector()
    {
        var encoder = LsaEncoder.Fit(Analyzed, new LsaOptions(Dimensions: 3));
        encoder.EmbedTerms(["zzzunknown"]).ShouldAllBe(x => x == 0);
    }
}
