using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Infrastructure.Tests.Embeddings;

/// <summary>The real pretrained encoders the packages carry: loaded, and behaving as sentence encoders should.</summary>
public class PretrainedEncoderTests
{
    private static OnnxSentenceEmbedder Load(string name) =>
        new(EncoderModel.FromPackage(PretrainedEncoders.Find(name)!), new EncoderRuntime(Environment.ProcessorCount));

    [Theory]
    [InlineData(PretrainedEncoders.ArcticEmbedXs)]
    [InlineData(PretrainedEncoders.MiniLm)]
    public void A_paraphrase_scores_above_an_unrelated_sentence(string model)
    {
        using var encoder = Load(model);
        encoder.Dimensions.ShouldBe(384);
        var query = encoder.EmbedQuery("How do I cancel my subscription and get my money back?");
        var documents = encoder.Embed(["Refunds are issued when a plan is terminated before the end of the billing period.", "The office cafeteria serves lunch from noon until two."]);
        VectorMath.Dot(query, documents[0]).ShouldBeGreaterThan(VectorMath.Dot(query, documents[1]) + 0.05f);
    }

    [Fact]
    public void MiniLM_with_mean_pooling_reproduces_the_sentence_transformers_reference_vector()
    {
        // sentence-transformers' all-MiniLM-L6-v2 (and the package's own encoder) give "This is an example sentence"
        // [0.06766, 0.06350, 0.04871, …]; CLS pooling would give [0.0056, -0.0025, 0.0257, …].
        using var encoder = Load(PretrainedEncoders.MiniLm);
        var vector = encoder.Embed(["This is an example sentence"])[0];
        vector[..3].Zip(new[] { 0.06766f, 0.06350f, 0.04871f }).ShouldAllBe(p => Math.Abs(p.First - p.Second) < 5e-4f);
    }

    [Fact]
    public void A_query_session_of_its_own_gives_the_vectors_of_the_documents_session()
    {
        var model = EncoderModel.FromPackage(PretrainedEncoders.Find(PretrainedEncoders.MiniLm)!);
        using var shared = new OnnxSentenceEmbedder(model, new EncoderRuntime(2, QueryCacheSize: 0));
        using var separate = new OnnxSentenceEmbedder(model, new EncoderRuntime(2, QueryCacheSize: 0, QueryThreads: 1));
        separate.SeparateQuerySession.ShouldBeTrue();
        shared.SeparateQuerySession.ShouldBeFalse();
        foreach (var query in new[] { "refund", "How do I cancel my subscription and get my money back?", "0-dimensional biomaterials show inductive properties." })
            separate.EmbedQuery(query).Zip(shared.EmbedQuery(query)).ShouldAllBe(p => Math.Abs(p.First - p.Second) <= 1e-5f);
    }

    [Fact]
    public void A_package_whose_model_is_not_the_expected_one_is_refused_naming_the_setting()
    {
        var arctic = PretrainedEncoders.Find(PretrainedEncoders.ArcticEmbedXs)!;
        Should.Throw<InvalidDataException>(() => EncoderModel.FromPackage(arctic with { ModelSha256 = new string('0', 64) }))
            .Message.ShouldStartWith("Embedding:Model arctic-embed-xs");
    }

    [Fact]
    public void Unknown_models_and_bad_settings_are_named_at_start()
    {
        var problems = new EmbeddingOptions { Model = "gpt-9", Device = "tpu", MaxLength = 4, QueryThreads = -1 }.Validate().ToList();
        problems.ShouldContain(p => p.StartsWith("Embedding:Model must be arctic-embed-xs, all-MiniLM-L6-v2, folder or lsa"));
        problems.ShouldContain(p => p.StartsWith("Embedding:Device"));
        problems.ShouldContain(p => p.StartsWith("Embedding:MaxLength"));
        problems.ShouldContain(p => p.StartsWith("Embedding:QueryThreads"));
    }
}
