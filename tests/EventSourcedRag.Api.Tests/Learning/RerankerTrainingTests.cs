using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Api.Tests.Projections;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Training;
using EventSourcedRag.Retrieval.Ranking;
using EventSourcedRag.Testing;
using Marten;

namespace EventSourcedRag.Api.Tests.Learning;

/// <summary>Training from the feedback of real API traffic (the read-model fixture's), against PostgreSQL.</summary>
public class RerankerTrainingTests(ReadModelFixture api) : IClassFixture<ReadModelFixture>
{
    [Fact]
    public async Task Every_served_list_logs_the_feature_rows_it_was_ranked_with()
    {
        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var logged = await session.Events.QueryRawEventDataOnly<RankingFeaturesLogged>().ToListAsync();
        var shown = await session.Events.QueryRawEventDataOnly<ResultsShown>().ToListAsync();

        logged.Count.ShouldBe(shown.Count);
        foreach (var features in logged)
        {
            features.FeatureNames.ShouldBe(RankingFeatures.Names);
            var results = shown.Single(s => s.ResponseId == features.ResponseId).Results;
            features.Rows.Select(r => (r.Position, r.ChunkId)).ShouldBe(results.Select(r => (r.Position, r.ChunkId)));
            features.Rows.ShouldAllBe(r => r.Values.Count == RankingFeatures.Count);
        }
    }

    [Fact]
    public async Task Training_records_the_model_and_the_gate_verdict_and_the_same_point_trains_the_same_artifact()
    {
        var head = await api.WaitForProjectionsAsync();
        var training = api.Services<RerankerTraining>();

        var first = await training.TrainAsync("default", new AsOf(head, null), "admin:test", default);
        var again = await training.TrainAsync("default", new AsOf(head, null), "admin:test", default);

        first.TrainLists.ShouldBeGreaterThan(0);
        first.AsOfSequence.ShouldBe(head);
        again.ArtifactSha256.ShouldBe(first.ArtifactSha256);
        again.TrainingSetSha256.ShouldBe(first.TrainingSetSha256);
        first.ModelVersion.ShouldBe("lambdamart-" + first.ArtifactSha256[..12]);

        var artifact = await api.Services<ModelArtifactStore>().GetAsync(first.ArtifactSha256, default);
        ModelArtifactStore.HashOf(artifact!).ShouldBe(first.ArtifactSha256);
        using var served = new OnnxReranker(first.ModelVersion, artifact!);
        served.Score([new float[RankingFeatures.Count]]).Length.ShouldBe(1);

        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var stream = await session.Events.FetchStreamAsync(ModelStreams.IdOf(first.ModelVersion));
        var trained = stream.Select(e => e.Data).OfType<ModelTrained>().ToList();
        trained.Count.ShouldBe(2);
        trained[0].AsOfSequence.ShouldBe(head);
        trained[0].TrainingSetSha256.ShouldBe(first.TrainingSetSha256);
        trained[0].HyperParameters["algorithm"].ShouldBe("lambdamart-lightgbm");
        var verdicts = stream.Select(e => e.Data).Where(d => d is ModelValidated or ModelRejected).ToList();
        verdicts.Count.ShouldBe(1); // every run is recorded; the first verdict of the same bytes stands
        verdicts[0].ShouldBeOfType(first.Verdict.Passed ? typeof(ModelValidated) : typeof(ModelRejected));
    }

    [Fact]
    public async Task A_point_before_any_labelled_feedback_has_nothing_to_train_on()
    {
        var training = api.Services<RerankerTraining>();

        var error = await Should.ThrowAsync<InvalidOperationException>(() => training.TrainAsync("default", new AsOf(1, null), "admin:test", default));

        error.Message.ShouldContain("No labelled feedback");
    }

    [Fact]
    public async Task A_training_requested_over_the_API_runs_in_the_worker_via_RabbitMQ_and_records_every_step()
    {
        using var ask = api.AsRole(HttpMethod.Post, "/v1/admin/training", body: new { reason = "weekly retrain" });
        var accepted = await api.Client.SendAsync(ask);
        accepted.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json)).GetProperty("request_id").GetGuid();

        var view = await Eventually.Get(async () =>
        {
            using var get = api.AsRole(HttpMethod.Get, $"/v1/admin/training/{id}");
            return await (await api.Client.SendAsync(get)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
        }, v => v.GetProperty("status").GetString() is "completed" or "failed", TimeSpan.FromSeconds(60), "the worker to finish the training");

        view.GetProperty("status").GetString().ShouldBe("completed");
        var types = view.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        types.ShouldBe(["training_requested", "training_started", "training_completed"]);
        var version = view.GetProperty("events")[2].GetProperty("data").GetProperty("model_version").GetString()!;
        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        (await session.Events.FetchStreamAsync(ModelStreams.IdOf(version))).Select(e => e.Data).OfType<ModelTrained>().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_cancelled_training_never_records_an_outcome_and_cannot_be_cancelled_after_it_ends()
    {
        var requests = api.Services<TrainingRequests>();
        var admin = new EventMetadata("default", "admin:test", "cancel-test");
        var id = await requests.RequestAsync(Guid.CreateVersion7(), ModelKinds.Reranker, null, "command", "by mistake", admin, default);
        await requests.CancelAsync(id, "wrong tenant", admin, default);

        await Task.Delay(TimeSpan.FromSeconds(2)); // the dispatcher and the worker have had time to see the request
        var history = await requests.HistoryAsync("default", id, default);
        (await requests.StatusAsync("default", id, default)).ShouldBe(TrainingStatus.Cancelled);
        history.OfType<TrainingCompleted>().ShouldBeEmpty();
        history.OfType<TrainingCancelled>().ShouldHaveSingleItem().Reason.ShouldBe("wrong tenant");

        using var cancelUnknown = api.AsRole(HttpMethod.Post, $"/v1/admin/training/{Guid.NewGuid()}/cancel", body: new { reason = "x" });
        (await api.Client.SendAsync(cancelUnknown)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        using var asClient = api.AsRole(HttpMethod.Post, "/v1/admin/training", role: "client", body: new { });
        (await api.Client.SendAsync(asClient)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }
}
