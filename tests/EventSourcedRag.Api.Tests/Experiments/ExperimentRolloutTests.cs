using System.Net;
using System.Text.Json;
using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Experiments;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Testing;
using Marten;

namespace EventSourcedRag.Api.Tests.Experiments;

/// <summary>
/// Staged rollouts decided from simulated users' behaviour, asserted from the events written: real PostgreSQL,
/// RabbitMQ, ONNX Runtime, the worker's read models and the rollout evaluator.
/// </summary>
public class ExperimentRolloutTests(ExperimentFixture api) : IClassFixture<ExperimentFixture>
{
    private static EventMetadata Admin(string tenant) => new(tenant, "admin:test", "experiment-test");

    private async Task<Guid> StartAsync(string tenant, string? control, string treatment)
    {
        await api.CorpusAsync(tenant);
        if (control is not null)
        {
            await api.Services<ModelDeployment>().DeployAsync(tenant, control, "the serving model", Admin(tenant), default);
            await api.Services<ServingStateFeeder>().CatchUpAsync(default);
        }
        // A fixed id (the assignment's salt) makes who lands in which arm, and so every decision, the same on every run.
        var fixedId = new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tenant)).AsSpan(0, 16));
        var (id, plan) = await api.Services<ExperimentService>().StartAsync(tenant, treatment, null, "test", Admin(tenant), default, fixedId);
        (await api.Services<ExperimentService>().StartAsync(tenant, treatment, null, "a retry", Admin(tenant), default, fixedId)).ExperimentId.ShouldBe(id);
        plan.ControlVersion.ShouldBe(control);
        plan.MinQueriesPerArm.ShouldBeGreaterThan(0);
        await api.Services<ServingStateFeeder>().CatchUpAsync(default);
        return id;
    }

    [Fact]
    public async Task A_clearly_better_treatment_is_promoted_through_every_stage_and_the_control_retired()
    {
        const string tenant = "better";
        var control = await api.RerankerAsync(tenant, "bad-v1", good: false);
        var treatment = await api.RerankerAsync(tenant, "good-v1", good: true);
        var id = await StartAsync(tenant, control, treatment);

        var stream = await api.RunAsync(tenant, id, sessionsPerRound: 140, rounds: 6, seed: 1);

        stream.OfType<RolloutStageChanged>().Select(s => s.TreatmentShare).ShouldBe([0.25, 0.5, 1.0], Decisions(stream));
        var ended = stream.OfType<ExperimentEnded>().ShouldHaveSingleItem();
        ended.Outcome.ShouldBe(ExperimentOutcomes.Promoted, string.Join(" | ", stream.OfType<RolloutEvaluated>().Select(e => e.Reason)));
        var decisive = stream.OfType<RolloutEvaluated>().Last();
        decisive.Action.ShouldBe(RolloutAction.Promote);
        decisive.Statistics["ctr_improvement"].ShouldBeGreaterThan(0.3);
        decisive.Statistics["ctr_p_holm"].ShouldBeLessThan(0.05);
        (await api.ModelStreamAsync(tenant, treatment)).OfType<ModelDeploymentChanged>().Select(d => d.Stage.ToString()).ShouldBe(["canary-25", "canary-50", "serving"]);
        (await api.ModelStreamAsync(tenant, control)).OfType<ModelDeploymentChanged>().Last().Stage.ShouldBe(ModelStage.Retired);

        await api.Services<ServingStateFeeder>().CatchUpAsync(default);
        api.Services<ServingModels>().DeployedReranker(tenant).ShouldBe(treatment);
    }

    [Fact]
    public async Task A_clearly_worse_treatment_is_rolled_back_automatically_at_the_first_stage()
    {
        const string tenant = "worse";
        var control = await api.RerankerAsync(tenant, "good-v1", good: true);
        var treatment = await api.RerankerAsync(tenant, "bad-v1", good: false);
        var id = await StartAsync(tenant, control, treatment);

        var stream = await api.RunAsync(tenant, id, sessionsPerRound: 140, rounds: 4, seed: 2);

        stream.OfType<RolloutStageChanged>().ShouldHaveSingleItem().StageIndex.ShouldBe(0);
        stream.OfType<ExperimentEnded>().ShouldHaveSingleItem().Outcome.ShouldBe(ExperimentOutcomes.RolledBack);
        stream.OfType<RolloutEvaluated>().Last().Action.ShouldBe(RolloutAction.Rollback);
        var rolledBack = (await api.ModelStreamAsync(tenant, treatment)).OfType<ModelRolledBack>().ShouldHaveSingleItem();
        (rolledBack.RestoredVersion, rolledBack.Automatic).ShouldBe((control, true));

        // Every response of the experiment recorded its arm and the model that served it.
        await using var session = api.Services<IDocumentStore>().QuerySession(tenant);
        var served = (await session.Events.QueryRawEventDataOnly<QueryReceived>().ToListAsync()).Where(q => q.Model.ExperimentId == id.ToString("N")).ToList();
        served.ShouldNotBeEmpty();
        served.ShouldAllBe(q => q.Model.Reranker == (q.Model.Variant == Assignment.Treatment ? treatment : control) && q.Model.ExperimentStage == 0);

        // An auditor replaying responses of either arm, after the rollback, gets the arm and the results that were served then.
        var replay = api.Services<QueryReplay>();
        foreach (var q in served.GroupBy(q => q.Model.Variant).SelectMany(arm => arm.Take(5)))
        {
            var replayed = (await replay.ReplayResponseAsync(tenant, q.ResponseId, null, default))!;
            (replayed.Model.Variant, replayed.Model.Reranker, replayed.Model.ExperimentUnit).ShouldBe((q.Model.Variant, q.Model.Reranker, q.Model.ExperimentUnit));
            replayed.Served!.SameResults.ShouldBeTrue(replayed.Served.FirstDifference);
        }
    }

    [Fact]
    public async Task An_equal_treatment_proceeds_waits_for_significance_before_full_traffic_and_ends_inconclusive()
    {
        const string tenant = "equal";
        var control = await api.RerankerAsync(tenant, "good-v1", good: true);
        var treatment = await api.RerankerAsync(tenant, "good-v2", good: true);
        var id = await StartAsync(tenant, control, treatment);

        var stream = await api.RunAsync(tenant, id, sessionsPerRound: 120, rounds: 3, seed: 3);

        stream.OfType<ExperimentEnded>().ShouldBeEmpty();
        stream.OfType<RolloutStageChanged>().Select(s => s.TreatmentShare).ShouldBe([0.25, 0.5]);
        stream.OfType<RolloutEvaluated>().Last().Reason.ShouldContain("promotion needs significance");

        api.Clock.Advance(TimeSpan.FromDays(15)); // past the maximum duration
        await api.EvaluateAsync(tenant, id);
        var ended = (await api.StreamAsync(tenant, id)).OfType<ExperimentEnded>().ShouldHaveSingleItem();
        ended.Outcome.ShouldBe(ExperimentOutcomes.Inconclusive);
        (await api.ModelStreamAsync(tenant, treatment)).OfType<ModelDeploymentChanged>().Last().Stage.ShouldBe(ModelStage.Retired);
    }

    [Fact]
    public async Task A_broken_assignment_halts_the_experiment_on_a_sample_ratio_mismatch()
    {
        const string tenant = "srm";
        var control = await api.RerankerAsync(tenant, "good-v1", good: true);
        var treatment = await api.RerankerAsync(tenant, "good-v2", good: true);
        var id = await StartAsync(tenant, control, treatment);
        await api.TrafficAsync(tenant, 120, seed: 4);

        // A replica with a broken assignment serves 80 more users the treatment, whatever their hash says.
        for (var i = 0; i < 80; i++)
        {
            var responseId = Guid.CreateVersion7();
            await using var session = api.Services<EventSessions>().OpenWrite(new EventMetadata(tenant, $"stray-{i}", "stray"));
            session.Events.StartStream(responseId, new QueryReceived(responseId, tenant, "policy note travel", "policy note travel", null, $"u:stray-{i}",
                new QueryParameters(5, "weighted", QueryFilters.None, "full"),
                new ServingModel("hybrid-bm25-lsa-rerank-v1", "lsa", treatment, "extractive-v1", id.ToString("N"), Assignment.Treatment, null, 0, $"u:stray-{i}"),
                DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await api.EvaluateAsync(tenant, id);

        var stream = await api.StreamAsync(tenant, id);
        var halted = stream.OfType<RolloutEvaluated>().Last();
        halted.Action.ShouldBe(RolloutAction.Halt);
        halted.Statistics["srm_p"].ShouldBeLessThan(0.001);
        stream.OfType<ExperimentEnded>().ShouldHaveSingleItem().Outcome.ShouldBe(ExperimentOutcomes.Halted);
    }

    [Fact]
    public async Task Two_workers_evaluating_the_same_window_make_one_decision()
    {
        const string tenant = "twice";
        var control = await api.RerankerAsync(tenant, "good-v1", good: true);
        var treatment = await api.RerankerAsync(tenant, "good-v2", good: true);
        var id = await StartAsync(tenant, control, treatment);
        await api.TrafficAsync(tenant, 40, seed: 5);
        await api.WaitForProjectionsAsync();

        var experiments = api.Services<ExperimentService>();
        var decisions = await Task.WhenAll(Enumerable.Range(0, 4).Select(w =>
            experiments.EvaluateAsync(tenant, id, 7, new EventMetadata(tenant, $"worker-{w}", "race"), default)));

        decisions.Count(d => d is not null).ShouldBe(1);
        (await api.StreamAsync(tenant, id)).OfType<RolloutEvaluated>().ShouldHaveSingleItem().Window.ShouldBe(7);
    }

    [Fact]
    public async Task Over_the_API_an_admin_plans_starts_follows_and_rolls_back_an_experiment_and_the_control_serves_again_at_once()
    {
        const string tenant = "manual";
        var control = await api.RerankerAsync(tenant, "good-v1", good: true);
        var treatment = await api.RerankerAsync(tenant, "good-v2", good: true);
        await api.CorpusAsync(tenant);
        await api.Services<ModelDeployment>().DeployAsync(tenant, control, "the serving model", Admin(tenant), default);

        var plan = await SendAsync(HttpMethod.Post, "/v1/admin/experiments", tenant, new { treatment, dry_run = true });
        plan.GetProperty("experiment_id").ValueKind.ShouldBe(JsonValueKind.Null);
        plan.GetProperty("plan").GetProperty("control_version").GetString().ShouldBe(control);
        plan.GetProperty("plan").GetProperty("min_queries_per_arm").GetInt64().ShouldBeGreaterThan(100);
        var started = await SendAsync(HttpMethod.Post, "/v1/admin/experiments", tenant, new { treatment, reason = "try v2" });
        var id = started.GetProperty("experiment_id").GetGuid();
        (await api.Client.SendAsync(Request(HttpMethod.Post, "/v1/admin/experiments", tenant, new { treatment }))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await api.Client.SendAsync(Request(HttpMethod.Post, $"/v1/admin/models/{treatment}/deploy", tenant, new { reason = "skip the experiment" })))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);

        await api.TrafficAsync(tenant, 40, seed: 6);
        await api.WaitForProjectionsAsync();
        var status = await SendAsync(HttpMethod.Get, $"/v1/admin/experiments/{id}", tenant);
        var controlArm = status.GetProperty("stages")[0].GetProperty("control");
        var queries = controlArm.GetProperty("counts").GetProperty("queries").GetInt64();
        queries.ShouldBeGreaterThan(0);
        var ctr = controlArm.GetProperty("click_through");
        ctr.GetProperty("value").GetDouble().ShouldBe((double)controlArm.GetProperty("counts").GetProperty("clicked_responses").GetInt64() / queries, 1e-9);
        ctr.GetProperty("lower").GetDouble().ShouldBeLessThanOrEqualTo(ctr.GetProperty("value").GetDouble());
        ctr.GetProperty("upper").GetDouble().ShouldBeGreaterThanOrEqualTo(ctr.GetProperty("value").GetDouble());
        status.GetProperty("preview").GetProperty("action").GetString().ShouldBe("wait");

        (await api.Client.SendAsync(Request(HttpMethod.Post, $"/v1/admin/models/{treatment}/rollback", tenant, new { }))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var rolledBack = await SendAsync(HttpMethod.Post, $"/v1/admin/models/{treatment}/rollback", tenant, new { reason = "users complain" });
        rolledBack.GetProperty("restored").GetString().ShouldBe(control);
        rolledBack.GetProperty("stopped_experiment").GetGuid().ShouldBe(id);

        // The broadcast makes every replica catch up now, not at its next poll; this one must stop assigning arms within seconds.
        await Eventually.Get(() => Task.FromResult(api.Services<ServingModels>().RunningExperiment(tenant)), r => r is null, TimeSpan.FromSeconds(5), "the experiment to stop serving");
        var ended = (await api.StreamAsync(tenant, id)).OfType<ExperimentEnded>().ShouldHaveSingleItem();
        (ended.Outcome, ended.Reason).ShouldBe((ExperimentOutcomes.Stopped, "users complain"));
        (await api.ModelStreamAsync(tenant, treatment)).OfType<ModelRolledBack>().ShouldHaveSingleItem().Automatic.ShouldBeFalse();
    }

    [Fact]
    public async Task Rolling_back_a_serving_model_by_hand_restores_the_one_it_replaced()
    {
        const string tenant = "restore";
        var first = await api.RerankerAsync(tenant, "good-v1", good: true);
        var second = await api.RerankerAsync(tenant, "bad-v1", good: false);
        var deployment = api.Services<ModelDeployment>();
        await deployment.DeployAsync(tenant, first, "first", Admin(tenant), default);
        await deployment.DeployAsync(tenant, second, "second", Admin(tenant), default);

        var (restored, experiment) = await deployment.RollBackAsync(tenant, second, "worse in production", Admin(tenant), default);

        (restored, experiment).ShouldBe((first, (Guid?)null));
        await Eventually.Get(() => Task.FromResult(api.Services<ServingModels>().DeployedReranker(tenant)), v => v == first, TimeSpan.FromSeconds(5), "the restored model to serve");
        await deployment.RollBackAsync(tenant, second, "again", Admin(tenant), default); // a retry: recorded once
        (await api.ModelStreamAsync(tenant, second)).OfType<ModelRolledBack>().ShouldHaveSingleItem().Reason.ShouldBe("worse in production");
        var neverServed = await api.RerankerAsync(tenant, "good-v9", good: true);
        (await Should.ThrowAsync<Domain.DomainRuleViolated>(() => deployment.RollBackAsync(tenant, neverServed, "x", Admin(tenant), default))).Code.ShouldBe("model_not_serving");
    }

    private static string Decisions(IEnumerable<object> stream) =>
        string.Join(" | ", stream.OfType<RolloutEvaluated>().Select(e => $"stage {e.StageIndex} {e.Action}: {e.Reason}"));

    private HttpRequestMessage Request(HttpMethod method, string path, string tenant, object? body = null)
    {
        var request = api.AsRole(method, path, body: body);
        request.Headers.Add(Api.Tests.Fixtures.ApiFixture.TenantHeader, tenant);
        return request;
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string tenant, object? body = null)
    {
        using var request = Request(method, path, tenant, body);
        var response = await api.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
