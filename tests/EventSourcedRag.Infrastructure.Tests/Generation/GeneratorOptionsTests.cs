using EventSourcedRag.Infrastructure.Generation;

namespace EventSourcedRag.Infrastructure.Tests.Generation;

public class GeneratorOptionsTests
{
    [Fact]
    public void The_extractive_default_needs_nothing_else() => new GeneratorOptions().Validate().ShouldBeEmpty();

    [Fact]
    public void A_chat_model_needs_an_http_endpoint_and_a_model_name()
    {
        var problems = new GeneratorOptions { Kind = "openai", Endpoint = "localhost:11434" }.Validate().ToList();

        problems.ShouldContain("Generator:Endpoint must be an absolute http(s) address when Generator:Kind is openai.");
        problems.ShouldContain("Generator:Model is required when Generator:Kind is openai.");
        new GeneratorOptions { Kind = "openai", Endpoint = "http://localhost:11434/v1", Model = "llama3.1:8b" }.Validate().ShouldBeEmpty();
    }

    [Fact]
    public void An_unknown_kind_is_refused() =>
        new GeneratorOptions { Kind = "gpt" }.Validate().ShouldBe(["Generator:Kind must be extractive or openai."]);
}
