using System.Net;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Retrieval.Answering;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Ranking;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedRag.Api.Tests.Queries;

/// <summary>
/// Stages that fail on demand, as a broken model or a timing-out backend would: the generator throws on
/// "explode" and never answers on "stall", the reranker always throws, and the embedder throws on "meltdown".
/// </summary>
public sealed class FailingStagesFixture : ApiFixture
{
    private sealed class Generator(IAnswerGenerator inner) : IAnswerGenerator
    {
        public string Name => inner.Name;

        public Task<GeneratedAnswer> GenerateAsync(string question, IReadOnlyList<AnswerSource> sources, double strength, CancellationToken ct) =>
            question.Contains("explode", StringComparison.Ordinal) ? throw new InvalidOperationException("the generator's backend refused")
            : question.Contains("stall", StringComparison.Ordinal) ? new TaskCompletionSource<GeneratedAnswer>().Task // ignores cancellation too
            : inner.GenerateAsync(question, sources, strength, ct);
    }

    private sealed class Reranker : IReranker
    {
        public string Version => "broken-reranker-v1";

        public double[] Score(IReadOnlyList<float[]> rows) => throw new InvalidOperationException("the reranker's model could not be run");
    }

    /// <summary>Hashed words, so the dense side works without a fitted model.</summary>
    private sealed class Embedder : IEmbedder
    {
        public string Version => "hashed-words-v1";

        public int Dimensions => 64;

        public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts) => texts.Select(text =>
        {
            if (text.Contains("meltdown", StringComparison.Ordinal)) throw new InvalidOperationException("the embedding model crashed");
            var vector = new float[Dimensions];
            foreach (var word in text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
                vector[(word.GetHashCode(StringComparison.Ordinal) & int.MaxValue) % Dimensions] += 1;
            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            return norm == 0 ? vector : vector.Select(v => v / norm).ToArray();
        }).ToList();
    }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Retrieval:GenerateTimeout"] = "00:00:00.300",
        ["Retrieval:StaleAfter"] = "00:00:01",
        // The steady-stream test's 12 clients outrun the default 500 requests/s per key on a fast machine; it tests freshness, not limits.
        ["Access:RateLimits:PerKeyPerSecond"] = "100000", ["Access:RateLimits:PerKeyBurst"] = "100000",
        ["Access:RateLimits:PerIpPerSecond"] = "100000", ["Access:RateLimits:PerIpBurst"] = "100000",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IAnswerGenerator>(new Generator(new ExtractiveAnswerGenerator()));
        services.AddSingleton<IReranker>(new Reranker());
        services.AddSingleton<IEmbedder>(new Embedder());
    }
}

public class QueryFailureTests(FailingStagesFixture api) : IClassFixture<FailingStagesFixture>
{
    [Theory]
    [InlineData("when do fire drills explode", "InvalidOperationException: the generator's backend refused")]
    [InlineData("when do fire drills stall", "No answer within 0.3 s.")]
    public async Task When_the_generator_fails_or_overruns_the_sources_are_served_without_an_answer_and_the_stream_says_why(string question, string reason)
    {
        await api.IngestTextAsync("Fire drills", "Fire drills happen every quarter.");

        var body = await api.AskAsync(question);

        body.GetProperty("answer").GetString().ShouldBeEmpty();
        body.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("title").GetString()).ShouldContain("Fire drills");
        var degraded = body.GetProperty("degraded").EnumerateArray().ShouldHaveSingleItem();
        (degraded.GetProperty("stage").GetString(), degraded.GetProperty("component").GetString(), degraded.GetProperty("reason").GetString())
            .ShouldBe(("generate", "extractive-v1", reason));
        var events = await StreamOf(body);
        events.OfType<QueryDegraded>().ShouldHaveSingleItem().Degradations.ShouldBe([new Degradation("generate", "extractive-v1", reason)]);
        var answer = events.OfType<AnswerGenerated>().ShouldHaveSingleItem();
        (answer.Answer, answer.Citations.Count).ShouldBe(("", 0));
        events.OfType<ResultsShown>().ShouldHaveSingleItem().Results.Count.ShouldBe(body.GetProperty("sources").GetArrayLength());
    }

    [Fact]
    public async Task When_the_reranker_fails_the_fused_order_is_served_and_recorded_without_a_reranker()
    {
        await api.IngestTextAsync("Badge access", "Badge access is granted by facilities within two days.");
        await api.IngestTextAsync("Badge colours", "Visitor badges are red and staff badges are blue.");

        var hybrid = await api.AskAsync("badge access", new { query = "badge access", retriever = "hybrid" });
        var full = await api.AskAsync("badge access", new { query = "badge access", retriever = "full" });

        full.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("chunk_id").GetGuid())
            .ShouldBe(hybrid.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("chunk_id").GetGuid()));
        full.GetProperty("answer").GetString().ShouldNotBeNullOrEmpty();
        var degraded = full.GetProperty("degraded").EnumerateArray().ShouldHaveSingleItem();
        degraded.GetProperty("stage").GetString().ShouldBe("rerank");
        degraded.GetProperty("component").GetString().ShouldBe("broken-reranker-v1");
        full.GetProperty("model_info").GetProperty("reranker").ValueKind.ShouldBe(JsonValueKind.Null);
        var events = await StreamOf(full);
        events.OfType<QueryReceived>().Single().Model.Reranker.ShouldBeNull();
        events.OfType<QueryDegraded>().Single().Degradations.Single().Reason.ShouldBe("InvalidOperationException: the reranker's model could not be run");
    }

    [Fact]
    public async Task A_fresh_index_reports_that_it_is_level_with_the_log()
    {
        await api.IngestTextAsync("Parking", "Parking permits are renewed each January.");

        var body = await api.AskAsync("parking permits");

        var freshness = body.GetProperty("freshness");
        freshness.GetProperty("stale").GetBoolean().ShouldBeFalse();
        freshness.GetProperty("lag_seconds").GetDouble().ShouldBeLessThan(10);
        freshness.GetProperty("log_position").GetInt64().ShouldBeGreaterThanOrEqualTo(freshness.GetProperty("index_position").GetInt64());
        (!body.TryGetProperty("degraded", out var degraded) || degraded.ValueKind == JsonValueKind.Null).ShouldBeTrue();
    }

    [Fact]
    public async Task An_index_that_applies_a_steady_stream_of_new_events_never_reports_itself_stale()
    {
        await api.IngestTextAsync("Lockers", "Lockers are assigned by the facilities desk.");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answered = new System.Collections.Concurrent.ConcurrentBag<JsonElement>();
        // Concurrent clients append events faster than the index polls, for well over StaleAfter (1 s).
        await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(3)) answered.Add((await api.AskAsync("lockers")).GetProperty("freshness"));
        }));

        answered.Count.ShouldBeGreaterThan(10);
        answered.ShouldAllBe(f => !f.GetProperty("stale").GetBoolean());
        answered.Max(f => f.GetProperty("lag_seconds").GetDouble()).ShouldBeLessThan(1);
    }

    [Fact]
    public async Task A_query_that_fails_after_it_was_received_is_stored_as_failed_and_counted_as_an_error_of_its_arm()
    {
        await api.IngestTextAsync("Fire drills", "Fire drills happen every quarter.");

        var response = await api.PostJsonAsync("/v1/query", new { query = "fire drills meltdown" });

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("embedding model crashed"); // no internals in the problem
        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var failed = (await session.Events.QueryRawEventDataOnly<QueryFailed>().ToListAsync()).ShouldHaveSingleItem();
        failed.Error.ShouldBe("InvalidOperationException: the embedding model crashed");
        failed.Model.Generator.ShouldBe("extractive-v1");
        (await session.Events.FetchStreamAsync(failed.ResponseId)).ShouldHaveSingleItem();

        await api.WaitForProjectionsAsync();
        using var rows = api.AsRole(HttpMethod.Get, "/v1/admin/projections/experiment-statistics/rows/variant");
        var body = await (await api.Client.SendAsync(rows)).Content.ReadAsStringAsync();
        body.ShouldContain("\"errors\":1");
    }

    private async Task<IReadOnlyList<object>> StreamOf(JsonElement response)
    {
        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        return (await session.Events.FetchStreamAsync(response.GetProperty("response_id").GetGuid())).Select(e => e.Data).ToList();
    }
}
