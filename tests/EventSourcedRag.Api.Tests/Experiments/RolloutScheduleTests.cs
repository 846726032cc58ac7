using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Infrastructure.Experiments;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Testing;
using Marten;

namespace EventSourcedRag.Api.Tests.Experiments;

/// <summary>The worker's rollout schedule with a one-second window.</summary>
public sealed class FastScheduleFixture : ApiFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Experiments:EvaluationInterval"] = "00:00:01",
        ["Experiments:Rollout:MinQueriesPerArm"] = "1000000", // never enough: every evaluation waits
    };
}

public class RolloutScheduleTests(FastScheduleFixture api) : IClassFixture<FastScheduleFixture>
{
    [Fact]
    public async Task The_worker_evaluates_a_running_experiment_every_window_on_its_own()
    {
        var models = new ExperimentFixtureModels(api);
        var control = await models.RerankerAsync("good-v1", good: true);
        var treatment = await models.RerankerAsync("good-v2", good: true);
        var admin = new EventMetadata("default", "admin:test", "schedule-test");
        await api.Services<ModelDeployment>().DeployAsync("default", control, "serving", admin, default);
        var (id, _) = await api.Services<ExperimentService>().StartAsync("default", treatment, null, "scheduled", admin, default);

        var evaluations = await Eventually.Get(async () =>
        {
            await using var session = api.Services<IDocumentStore>().QuerySession("default");
            return (await session.Events.FetchStreamAsync(id)).Where(e => e.Data is RolloutEvaluated).ToList();
        }, e => e.Count >= 2, TimeSpan.FromSeconds(20), "two scheduled evaluations");

        evaluations.Select(e => ((RolloutEvaluated)e.Data).Window).ShouldBeUnique();
        evaluations.ShouldAllBe(e => ((RolloutEvaluated)e.Data).Action == RolloutAction.Wait);
        evaluations.ShouldAllBe(e => e.GetHeader(Domain.EventSchema.ActorHeader)!.ToString() == "worker:rollout");
    }
}
