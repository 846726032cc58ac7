using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;

namespace EventSourcedRag.Api.Tests.Projections;

/// <summary>
/// The whole application with a realistic mixed history: documents, queries from several users and sessions,
/// and every kind of feedback (including retried submissions), written through the API as clients write them.
/// </summary>
public sealed class ReadModelFixture : ApiFixture
{
    private static readonly string[] Topics = ["vacation leave", "expense receipts", "laptop equipment", "badge access", "fire evacuation", "parking garage"];

    // A few dozen labelled rows: leaves this small let the trees split at all.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Learning:LambdaMart:MinRowsPerLeaf"] = "2",
        ["Learning:LambdaMart:Trees"] = "20",
    };

    /// <summary>The log position after the first half of the traffic.</summary>
    public long Midpoint { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (var i = 0; i < 12; i++)
        {
            var topic = Topics[i % Topics.Length];
            await IngestTextAsync($"{topic} rules {i}", $"Rule {i} about {topic}: the {topic.Split(' ')[1]} process takes {i + 2} days. Ask the {topic.Split(' ')[0]} desk for help.");
        }
        var random = new Random(42);
        for (var round = 0; round < 2; round++)
        {
            await TrafficAsync(random, 16, round);
            await ModelLifecycleAsync($"r{round + 1}", round == 0 ? null : "r1");
            await ExperimentLifecycleAsync(round);
            if (round == 0) Midpoint = await WaitForProjectionsAsync();
        }
        await WaitForProjectionsAsync();
    }

    /// <summary>A model trained, validated and put into service, appended as the learning side appends it.</summary>
    private async Task ModelLifecycleAsync(string version, string? parent)
    {
        var at = DateTimeOffset.UtcNow;
        await using var session = Services<EventSessions>().OpenWrite(new EventMetadata("default", "admin:test", "models"));
        session.Events.StartStream(ModelStreams.IdOf(version),
            new ModelTrained(version, "reranker", parent, "0123456789abcdef", 10, new Dictionary<string, string> { ["trees"] = "50" }, 7, "feedbeef", 1.5, at),
            new ModelValidated(version, parent, new Dictionary<string, double> { ["ndcg@10"] = 0.7 }, new Dictionary<string, double> { ["ndcg@10"] = 0.69 }, 40, "better", at),
            new ModelDeploymentChanged(version, ModelStage.Serving, 1, "gate passed", at));
        await session.SaveChangesAsync();
    }

    /// <summary>An experiment started, evaluated and ended, appended as the rollout side appends it.</summary>
    private async Task ExperimentLifecycleAsync(int round)
    {
        var at = DateTimeOffset.UtcNow;
        var id = Guid.CreateVersion7();
        await using var session = Services<EventSessions>().OpenWrite(new EventMetadata("default", "admin:test", "experiments"));
        session.Events.StartStream(id,
            new ExperimentStarted(id, "reranker", "r1", $"r{round + 2}", "user", id.ToString("N"), [0.05, 1.0], new Dictionary<string, string> { ["alpha"] = "0.05" }, 3839, "try", at),
            new RolloutStageChanged(id, 0, 0.05, "experiment started", at),
            new RolloutEvaluated(id, 1, 0, RolloutAction.Wait, "collecting", new Dictionary<string, double> { ["control_queries"] = 3 }, new Dictionary<string, double>(), at),
            new ExperimentEnded(id, round == 0 ? "rolled_back" : "stopped", "worse", at));
        await session.SaveChangesAsync();
    }

    public async Task TrafficAsync(Random random, int queries, int round)
    {
        Guid? previous = null;
        for (var q = 0; q < queries; q++)
        {
            var topic = Topics[random.Next(Topics.Length)];
            using var ask = new HttpRequestMessage(HttpMethod.Post, "/v1/query")
            {
                Content = JsonContent.Create(new { query = $"how long does {topic} take {(q % 3 == 0 ? "please" : "")}".Trim(), session_id = $"s{round}-{q / 4}" }),
            };
            ask.Headers.Add("X-User-Id", $"user{random.Next(6)}");
            var body = await (await Client.SendAsync(ask)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Json);
            var id = body.GetProperty("response_id").GetGuid();
            var sources = body.GetProperty("sources").EnumerateArray().Select(s => (Chunk: s.GetProperty("chunk_id").GetGuid(), Position: s.GetProperty("position").GetInt32())).ToList();
            if (sources.Count == 0) continue;
            var pick = sources[random.Next(sources.Count)];
            switch (random.Next(6))
            {
                case 0:
                    await Feedback(id, new { type = "click", chunk_id = pick.Chunk, position = pick.Position });
                    await Feedback(id, new { type = "dwell", chunk_id = pick.Chunk, seconds = 20 + random.Next(60) });
                    await Feedback(id, new { type = "thumbs_up", idempotency_key = $"t-{id}" });
                    await Feedback(id, new { type = "thumbs_up", idempotency_key = $"t-{id}" }); // a retry: stored once
                    break;
                case 1:
                    await Feedback(id, new { type = "wrong_source", chunk_id = pick.Chunk, position = pick.Position });
                    await Feedback(id, new { type = "abandon" });
                    break;
                case 2:
                    await Feedback(id, new { type = "copy", chunk_id = sources[0].Chunk });
                    await Feedback(id, new { type = "rating", stars = 1 + random.Next(5) });
                    await Feedback(id, new { type = "share", channel = "slack" });
                    break;
                case 3 when previous is { } earlier:
                    await Feedback(earlier, new { type = "reformulation", follow_up_response_id = id });
                    await Feedback(id, new { type = "click", chunk_id = pick.Chunk, position = pick.Position });
                    await Feedback(id, new { type = "dwell", chunk_id = pick.Chunk, seconds = 45 });
                    break;
                case 4:
                    await Feedback(id, new { type = "thumbs_down" });
                    await Feedback(id, new { type = "missing_info", comment = "no date" });
                    await Feedback(id, new { type = "suggested_source", chunk_id = sources[^1].Chunk });
                    break;
                default:
                    await Feedback(id, new { type = "click", chunk_id = pick.Chunk, position = pick.Position });
                    break;
            }
            previous = id;
        }
    }

    public async Task Feedback(Guid responseId, object signal)
    {
        var body = JsonSerializer.SerializeToElement(signal, Json);
        var merged = body.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        merged["response_id"] = responseId;
        var response = await PostJsonAsync("/v1/feedback", merged);
        response.EnsureSuccessStatusCode();
    }

    public async Task<JsonElement> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            var response = await Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{(int)response.StatusCode}: {text}");
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
