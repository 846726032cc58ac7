using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Hosting.Health;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Observability;
using EventSourcedRag.Retrieval.Diagnostics;
using EventSourcedRag.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Api.Tests.Observability;

public sealed class ObservabilityFixture : ApiFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await IngestTextAsync("Badges", "Lost badges are blocked by security. A replacement badge costs 25 euros after the first one.");
    }
}

public class ObservabilityTests(ObservabilityFixture api) : IClassFixture<ObservabilityFixture>
{
    [Fact]
    public async Task Ready_reports_each_dependency_and_is_open_to_probes_without_a_key()
    {
        var response = await api.GetWithoutCredentialAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().ShouldBeOneOf("healthy", "degraded");
        var checks = body.GetProperty("checks");
        checks.GetProperty("postgresql").GetProperty("status").GetString().ShouldBe("healthy");
        checks.GetProperty("rabbitmq").GetProperty("status").GetString().ShouldBe("healthy");
        checks.GetProperty("rabbitmq").GetProperty("data").TryGetProperty($"queue:{api.Schema}-ingest", out _).ShouldBeTrue(body.ToString());
        checks.GetProperty("projections").GetProperty("data").TryGetProperty("lag:feedback-aggregates", out _).ShouldBeTrue(body.ToString());
    }

    [Fact]
    public async Task The_store_check_fails_fast_with_the_finding_when_PostgreSQL_cannot_be_reached()
    {
        // Where no PostgreSQL listens. (A host cannot start without its store: it applies the schema first.)
        var check = new StoreCheck(Options.Create(new StorageOptions { ConnectionString = "Host=127.0.0.1;Port=1;Database=esrag;Username=esrag;Password=esrag" }));
        var clock = Stopwatch.StartNew();

        var result = await check.CheckHealthAsync(new HealthCheckContext(), CancellationToken.None);

        result.Status.ShouldBe(HealthStatus.Unhealthy);
        result.Description!.ShouldContain("PostgreSQL is unreachable");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_store_that_went_away_is_a_503_while_other_timeouts_stay_errors()
    {
        EventSourcedRag.Infrastructure.Platform.EventStore.StoreFailures.Unreachable(new InvalidOperationException("saving failed", new Npgsql.NpgsqlException("connection lost", new TimeoutException()))).ShouldBeTrue();
        EventSourcedRag.Infrastructure.Platform.EventStore.StoreFailures.Unreachable(new TimeoutException("the generator did not answer")).ShouldBeFalse();
        EventSourcedRag.Infrastructure.Platform.EventStore.StoreFailures.Unreachable(new System.Net.Sockets.SocketException()).ShouldBeFalse();
    }

    [Fact]
    public async Task Metrics_carry_stage_latencies_queries_by_variant_and_feedback_after_traffic()
    {
        var answer = await api.AskAsync("replacement badge cost");
        var feedback = await api.PostJsonAsync("/v1/feedback", new { response_id = answer.GetProperty("response_id").GetGuid(), type = "thumbs_up" });
        feedback.EnsureSuccessStatusCode();

        // The lag gauge is sampled in the background (at start, then every 10 s): wait for its first reading.
        var text = await Eventually.Get(async () => await (await api.GetWithoutCredentialAsync("/metrics")).Content.ReadAsStringAsync(),
            t => Lines(t, "esrag_projection_lag_events").Count > 0, timeout: TimeSpan.FromSeconds(25), what: "the projection lag gauge");

        foreach (var stage in new[] { "embed", "retrieve", "fuse", "generate", "append", "total" })
            text.ShouldContain($"stage=\"{stage}\"", customMessage: $"no histogram series for the {stage} stage");
        Lines(text, "esrag_stage_duration_seconds").ShouldContain(l => l.Contains("_bucket"));
        Lines(text, "esrag_queries_total").ShouldContain(l => l.Contains("outcome=\"answered\"") && l.Contains("variant=\"none\""));
        Lines(text, "esrag_feedback_total").ShouldContain(l => l.Contains("type=\"thumbsup\"") && l.Contains("stored=\"true\""));
        Lines(text, "esrag_projection_lag_events").ShouldNotBeEmpty();
        Lines(text, "http_request_duration_seconds").ShouldNotBeEmpty();
    }

    private static List<string> Lines(string metrics, string name) =>
        metrics.Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task One_query_is_one_trace_with_a_span_per_stage()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is Telemetry.SourceName or RetrievalTrace.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var answer = await api.AskAsync("replacement badge cost", new { query = "replacement badge cost", retriever = "full" });
        var id = answer.GetProperty("response_id").GetGuid();

        var root = spans.Single(s => s.OperationName == "query" && Equals(s.GetTagItem("esrag.query_id"), id));
        var trace = spans.Where(s => s.TraceId == root.TraceId).Select(s => s.OperationName).ToList();
        trace.ShouldBe(["embed", "retrieve", "fuse", "rerank", "generate", "append", "query"], ignoreOrder: true);
        spans.Where(s => s.TraceId == root.TraceId && s != root).ShouldAllBe(s => s.Duration <= root.Duration);
    }
}
