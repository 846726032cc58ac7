using EventSourcedRag.Infrastructure.Embeddings;

namespace EventSourcedRag.Infrastructure.Tests.Embeddings;

public class EncoderLibraryTests
{
    [Fact]
    public void A_packaged_encoder_is_loaded_by_its_exact_version_and_anything_else_is_not()
    {
        using var library = new EncoderLibrary(new EncoderRuntime(1));
        var minilm = EncoderModel.FromPackage(PretrainedEncoders.Find(PretrainedEncoders.MiniLm)!, 128).Version;
        var loaded = library.For(minilm);
        loaded.ShouldNotBeNull();
        loaded.Version.ShouldBe(minilm);
        loaded.ShouldBeOfType<OnnxSentenceEmbedder>().Spec.MaxLength.ShouldBe(128);
        library.For(minilm).ShouldBeSameAs(loaded);

        library.For(minilm.Replace("/mean/", "/cls/")).ShouldBeNull(); // not how this model pools
        library.For(minilm.Replace("sha256:4a", "sha256:5a")).ShouldBeNull(); // other weights
        library.For("lsa-256d-abc").ShouldBeNull();
        EncoderLibrary.IsLsa("lsa-256d-abc").ShouldBeTrue();
        EncoderLibrary.IsLsa(minilm).ShouldBeFalse();
    }
}
