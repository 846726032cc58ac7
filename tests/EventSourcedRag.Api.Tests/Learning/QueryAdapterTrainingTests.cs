using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Infrastructure.Training;
using EventSourcedRag.Learning.Adapters;
using EventSourcedRag.Learning.Onnx;
using EventSourcedRag.Testing;
using Marten;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Api.Tests.Learning;

/// <summary>
/// A corpus big enough for a dense index, and API traffic where users click the result about what they asked:
/// the feedback a query adapter learns from.
/// </summary>
public sealed class AdapterFixture : ApiFixture
{
    private static readonly string[] Topics = ["vacation leave", "expense receipts", "laptop repair", "badge access", "fire drill", "parking garage"];

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Learning:QueryAdapter:MinExamples"] = "5",
        ["Learning:Gate:MinHeldOutLists"] = "1",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (var i = 0; i < 36; i++)
        {
            var topic = Topics[i % Topics.Length];
            await IngestTextAsync($"{topic} {i}", $"How the {topic} process works, note {i}: ask the {topic.Split(' ')[0]} desk, it takes {i % 5 + 1} days.");
        }
        for (var q = 0; q < 24; q++)
        {
            var topic = Topics[q % Topics.Length];
            var body = await AskAsync($"who handles {topic.Split(' ')[1]} questions");
            var id = body.GetProperty("response_id").GetGuid();
            var sources = body.GetProperty("sources").EnumerateArray().ToList();
            var pick = sources.FirstOrDefault(s => s.GetProperty("title").GetString()!.StartsWith(topic, StringComparison.Ordinal));
            if (pick.ValueKind != JsonValueKind.Object) continue;
            var (chunk, position) = (pick.GetProperty("chunk_id").GetGuid(), pick.GetProperty("position").GetInt32());
            (await PostJsonAsync("/v1/feedback", new { response_id = id, type = "click", chunk_id = chunk, position })).EnsureSuccessStatusCode();
            (await PostJsonAsync("/v1/feedback", new { response_id = id, type = "dwell", chunk_id = chunk, seconds = 50 })).EnsureSuccessStatusCode();
        }
    }

    public Task<long> HeadAsync() => TestDatabase.ScalarAsync($"select max(seq_id) from {Schema}.mt_events");
}

/// <summary>Query adapters trained from real API feedback, stored, gated, requested through the worker and served. Real PostgreSQL, RabbitMQ, ONNX Runtime.</summary>
public class QueryAdapterTrainingTests(AdapterFixture api) : IClassFixture<AdapterFixture>
{
    private static readonly EventMetadata Admin = new("default", "admin:test", "adapter-test");

    [Fact]
    public async Task Training_records_the_adapter_with_its_encoder_and_the_same_point_trains_the_same_artifact()
    {
        var head = await api.HeadAsync();
        var training = api.Services<QueryAdapterTraining>();

        var first = await training.TrainAsync("default", new AsOf(head, null), "admin:test", default);
        var again = await training.TrainAsync("default", new AsOf(head, null), "admin:test", default);

        first.ModelVersion.ShouldBe("adapter-" + first.ArtifactSha256[..12]);
        first.TrainLists.ShouldBeGreaterThanOrEqualTo(5);
        first.HeldOutLists.ShouldBeGreaterThan(0);
        again.ArtifactSha256.ShouldBe(first.ArtifactSha256);
        again.TrainingSetSha256.ShouldBe(first.TrainingSetSha256);

        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var encoder = (await session.Events.QueryRawEventDataOnly<QueryReceived>().ToListAsync()).Last().Model.EmbeddingModel;
        var stream = (await session.Events.FetchStreamAsync(ModelStreams.IdOf(first.ModelVersion))).Select(e => e.Data).ToList();
        var trained = stream.OfType<ModelTrained>().First();
        trained.Kind.ShouldBe(ModelKinds.QueryAdapter);
        trained.AsOfSequence.ShouldBe(head);
        trained.HyperParameters["encoder"].ShouldBe(encoder);
        double.Parse(trained.HyperParameters["distance_from_identity"], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        stream.ShouldContain(e => e is ModelValidated || e is ModelRejected);

        var artifact = await api.Services<ModelArtifactStore>().GetAsync(first.ArtifactSha256, default);
        using var served = new OnnxQueryAdapter(first.ModelVersion, artifact!);
        served.EncoderVersion.ShouldBe(encoder);
    }

    [Fact]
    public async Task An_adapter_requested_over_the_API_is_trained_by_the_worker_and_an_unknown_kind_is_refused()
    {
        var accepted = await api.PostAsAdminAsync("/v1/admin/training", new { kind = "query-adapter", reason = "new feedback" });
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json)).GetProperty("request_id").GetGuid();

        var history = await Eventually.Get(() => api.Services<TrainingRequests>().HistoryAsync("default", id, default),
            h => h.Any(e => e is TrainingCompleted or TrainingFailed), TimeSpan.FromSeconds(60), "the worker to train the adapter");

        history.OfType<TrainingRequested>().Single().Kind.ShouldBe(ModelKinds.QueryAdapter);
        var completed = history.OfType<TrainingCompleted>().ShouldHaveSingleItem();
        completed.ModelVersion.ShouldStartWith("adapter-");

        var unknown = await api.PostAsAdminAsync("/v1/admin/training", new { kind = "cross-encoder" });
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("unknown_model_kind");
    }

    [Fact]
    public async Task A_deployed_adapter_changes_what_dense_retrieval_finds_and_every_response_names_it_until_retired()
    {
        const string query = "who handles receipts questions";
        var before = await DenseAsync(query);
        var encoder = before.Received.Model.EmbeddingModel;
        var dimensions = int.Parse(encoder.Split('-')[1].TrimEnd('d'), System.Globalization.CultureInfo.InvariantCulture);

        // A hand-made map that reverses the order of the latent dimensions: served through ONNX Runtime it
        // sends the query somewhere else in the space, so the dense results must change.
        var reversed = new float[dimensions * dimensions];
        for (var r = 0; r < dimensions; r++) reversed[r * dimensions + (dimensions - 1 - r)] = 1;
        var version = await TrainedAsync(LinearAdapterOnnx.Export(new LinearAdapter(dimensions, reversed), encoder));
        var deployment = api.Services<ModelDeployment>();
        await deployment.DeployAsync("default", version, "hand-made", Admin, default);
        await api.Services<ServingStateFeeder>().WaitForAsync(await api.HeadAsync(), TimeSpan.FromSeconds(30), default);

        var during = await DenseAsync(query);
        during.Received.Model.QueryAdapter.ShouldBe(version);
        during.Body.GetProperty("model_info").GetProperty("query_adapter").GetString().ShouldBe(version);
        during.Chunks.ShouldNotBe(before.Chunks);

        await using (var session = api.Services<EventSessions>().OpenWrite(Admin))
        {
            session.Events.Append(ModelStreams.IdOf(version), new ModelDeploymentChanged(version, ModelStage.Retired, 0, "test over", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await api.Services<ServingStateFeeder>().WaitForAsync(await api.HeadAsync(), TimeSpan.FromSeconds(30), default);
        var after = await DenseAsync(query);
        after.Received.Model.QueryAdapter.ShouldBeNull();
        after.Chunks.ShouldBe(before.Chunks);
    }

    [Fact]
    public async Task The_gate_rejects_a_deliberately_degraded_adapter()
    {
        var encoder = (await DenseAsync("who handles repair questions")).Received.Model.EmbeddingModel;
        var dimensions = int.Parse(encoder.Split('-')[1].TrimEnd('d'), System.Globalization.CultureInfo.InvariantCulture);
        // The negated query: dense retrieval then ranks first what is least like the question.
        var negated = new float[dimensions * dimensions];
        for (var r = 0; r < dimensions; r++) negated[r * dimensions + r] = -1;
        using var degraded = new OnnxQueryAdapter("adapter-degraded", LinearAdapterOnnx.Export(new LinearAdapter(dimensions, negated), encoder));

        var head = await api.HeadAsync();
        var inputs = await TrainingInputs.LoadAsync(api.Services<ReadModelRebuilder>(), "default", ModelKinds.QueryAdapter, new AsOf(head, null), default);
        var (labelled, _, _) = inputs.Responses(0);
        var replay = api.Services<HeldOutReplay>();
        var items = replay.Items("default", labelled, inputs.Served);
        var run = GateRun.Judge(replay.Score("default", items, new CandidateModels(Adapter: degraded)), replay.Score("default", items, null),
            items.Count, api.Services<IOptions<LearningOptions>>().Value.Gate, null, _ => default);

        items.Count.ShouldBeGreaterThan(5);
        run.Verdict.Passed.ShouldBeFalse(run.Verdict.Reason);
        run.Candidate.Mrr10.ShouldBeLessThan(run.Baseline.Mrr10, run.Verdict.Reason);
    }

    private async Task<(JsonElement Body, QueryReceived Received, List<Guid> Chunks)> DenseAsync(string query)
    {
        var body = await api.AskAsync(query, new { query, retriever = "dense", top_k = 5 });
        var id = body.GetProperty("response_id").GetGuid();
        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var received = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<QueryReceived>().Single();
        return (body, received, body.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("chunk_id").GetGuid()).ToList());
    }

    private async Task<string> TrainedAsync(byte[] onnx)
    {
        var at = DateTimeOffset.UtcNow;
        var artifact = await api.Services<ModelArtifactStore>().PutAsync(onnx, ModelKinds.QueryAdapter, at, default);
        var version = "adapter-hand-" + artifact[..8];
        await api.RecordModelAsync(version, ModelKinds.QueryAdapter, artifact, at, metadata: Admin);
        return version;
    }
}
