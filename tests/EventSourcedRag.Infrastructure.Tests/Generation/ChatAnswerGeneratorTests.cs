using EventSourcedRag.Infrastructure.Generation;
using EventSourcedRag.Infrastructure.Platform.Resilience;
using EventSourcedRag.Retrieval.Answering;
using EventSourcedRag.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventSourcedRag.Infrastructure.Tests.Generation;

/// <summary>The chat generator and its resilience against an OpenAI-compatible server on loopback.</summary>
public sealed class ChatAnswerGeneratorTests : IAsyncLifetime
{
    private static readonly AnswerSource[] Sources =
    [
        new(1, Guid.Parse("00000000-0000-0000-0000-0000000000a1"), "Leave policy", "Leave requests are approved within two days."),
        new(2, Guid.Parse("00000000-0000-0000-0000-0000000000a2"), "Badges", "Badges are issued at reception."),
    ];

    private FakeChatServer _server = null!;
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public async Task InitializeAsync() => _server = await FakeChatServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private GeneratorOptions Options(TimeSpan? timeout = null, int retries = 2, int threshold = 5) => new()
    {
        Kind = "openai", Endpoint = _server.Endpoint.ToString(), Model = "fake-model", Timeout = timeout ?? TimeSpan.FromSeconds(5),
        Retries = retries, RetryBackoff = TimeSpan.FromMilliseconds(10), FailureThreshold = threshold, BreakFor = TimeSpan.FromMinutes(1),
    };

    private ResilientAnswerGenerator Generator(GeneratorOptions options) =>
        new(new ChatAnswerGenerator(ChatAnswerGenerator.ClientFor(options, _http), options, NullLogger<ChatAnswerGenerator>.Instance),
            options, new CircuitBreaker(TimeProvider.System, options.FailureThreshold, options.BreakFor), TimeProvider.System,
            NullLogger<ResilientAnswerGenerator>.Instance);

    [Fact]
    public async Task The_model_is_asked_with_numbered_sources_and_its_answer_keeps_only_citations_of_shown_sources()
    {
        _server.Script = _ => new ChatReply("Leave is approved within two days [1] [4]. Badges come from reception [2].");

        var answer = await Generator(Options()).GenerateAsync("How long does leave approval take?", Sources, 0.5, CancellationToken.None);

        answer.Text.ShouldBe("Leave is approved within two days [1]. Badges come from reception [2].");
        answer.Citations.Select(c => (c.Number, c.ChunkId)).ShouldBe([(1, Sources[0].ChunkId), (2, Sources[1].ChunkId)]);
        answer.Confidence.ShouldBe(0.8); // every sentence grounded (0.6) + retrieval strength 0.5 (0.4 × 0.5)
        var body = _server.Bodies.ShouldHaveSingleItem();
        body["model"]!.GetValue<string>().ShouldBe("fake-model");
        var prompt = body["messages"]!.AsArray().Select(m => m!["content"]!.ToString()).ToList();
        prompt[0].ShouldBe(ChatPrompt.Rules);
        prompt[1].ShouldContain("[1] Leave policy\nLeave requests are approved within two days.");
        prompt[1].ShouldContain("[2] Badges");
        prompt[1].ShouldEndWith("Question: How long does leave approval take?\n");
    }

    [Fact]
    public async Task A_streamed_answer_arrives_in_fragments_and_the_checked_whole_is_returned()
    {
        _server.Script = _ => new ChatReply("Badges are issued at reception [2] [9].");
        var fragments = new List<string>();

        var answer = await Generator(Options()).StreamAsync("where do I get a badge", Sources, 1.0, (f, _) =>
        {
            fragments.Add(f);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        fragments.Count.ShouldBe(7);
        string.Concat(fragments).ShouldBe("Badges are issued at reception [2] [9].");
        answer.Text.ShouldBe("Badges are issued at reception [2].");
        answer.Citations.ShouldHaveSingleItem().Number.ShouldBe(2);
        _server.Bodies.ShouldHaveSingleItem()["stream"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Failed_attempts_are_retried_with_back_off_until_one_answers()
    {
        _server.Script = n => n <= 2 ? new ChatReply("", Status: 503) : new ChatReply("Two days [1].");

        var answer = await Generator(Options(retries: 2)).GenerateAsync("leave", Sources, 0.5, CancellationToken.None);

        answer.Text.ShouldBe("Two days [1].");
        _server.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task An_attempt_that_overruns_its_timeout_is_abandoned_and_the_last_failure_surfaces()
    {
        _server.Script = _ => new ChatReply("Too late [1].", Delay: TimeSpan.FromSeconds(10));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = await Should.ThrowAsync<TimeoutException>(() =>
            Generator(Options(timeout: TimeSpan.FromMilliseconds(200), retries: 1)).GenerateAsync("leave", Sources, 0.5, CancellationToken.None));

        error.Message.ShouldBe("The generator gave no answer within 0.2 s.");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15)); // two attempts waiting out the reply would take 20 s
    }

    [Fact]
    public async Task Once_fragments_were_streamed_a_failure_is_not_retried()
    {
        _server.Script = _ => new ChatReply("Leave takes two days [1].", DropAfterFirstChunk: true);
        var fragments = new List<string>();

        await Should.ThrowAsync<Exception>(() => Generator(Options(retries: 3)).StreamAsync("leave", Sources, 0.5, (f, _) =>
        {
            fragments.Add(f);
            return ValueTask.CompletedTask;
        }, CancellationToken.None));

        fragments.ShouldBe(["Leave"]);
        _server.Requests.ShouldBe(1);
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit_and_then_no_call_reaches_the_server()
    {
        _server.Script = _ => new ChatReply("", Status: 500);
        var generator = Generator(Options(retries: 0, threshold: 3));

        for (var i = 0; i < 3; i++)
            await Should.ThrowAsync<Exception>(() => generator.GenerateAsync("leave", Sources, 0.5, CancellationToken.None));
        var refused = await Should.ThrowAsync<GeneratorUnavailable>(() => generator.GenerateAsync("leave", Sources, 0.5, CancellationToken.None));

        refused.Message.ShouldStartWith("The generator's circuit is open after repeated failures");
        generator.Circuit.State.ShouldBe(CircuitState.Open);
        _server.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task Without_sources_the_model_is_not_asked()
    {
        var answer = await Generator(Options()).GenerateAsync("anything", [], 0, CancellationToken.None);

        answer.Text.ShouldBe(ExtractiveAnswerGenerator.NoAnswer);
        _server.Requests.ShouldBe(0);
    }
}
