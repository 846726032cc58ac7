using EventSourcedRag.Domain.Models;
using EventSourcedRag.Projections.Models;
using EventSourcedRag.Projections.ReadModels;

namespace EventSourcedRag.Projections.Tests.ReadModels;

public class ModelRegistryProjectionTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private long _sequence;

    private ProjectedEvent E(object data) => new(++_sequence, Guid.NewGuid(), Guid.NewGuid(), _sequence, "default", At.AddMinutes(_sequence), "admin:kim", data);

    private static ModelTrained Trained(string version, string? parent) =>
        new(version, "reranker", parent, "ab12cd34ef56", 1200, new Dictionary<string, string> { ["trees"] = "100" }, 7, "ff00", 3.5, At);

    [Fact]
    public void Given_a_trained_and_validated_model_when_it_is_promoted_then_rolled_back_then_the_registry_tells_the_whole_story()
    {
        var registry = new ModelRegistryProjection();
        foreach (var e in new object[]
                 {
                     Trained("r1", null),
                     new ModelDeploymentChanged("r1", ModelStage.Serving, 1, "first model", At),
                     Trained("r2", "r1"),
                     new ModelValidated("r2", "r1", new Dictionary<string, double> { ["ndcg@10"] = 0.71 }, new Dictionary<string, double> { ["ndcg@10"] = 0.69 }, 120, "better on held-out queries", At),
                     new ModelDeploymentChanged("r2", ModelStage.Parse("canary-5"), 0.05, "gate passed", At),
                     new ModelRolledBack("r2", "r1", "p95 latency 1.7x control", true, At),
                 })
            registry.Apply(E(e));

        var r2 = registry.Models.Find("default|r2")!;
        (r2.ParentVersion, r2.PassedGate, r2.State, r2.TrafficShare).ShouldBe(("r1", true, "rolled_back", 0.0));
        r2.Metrics["ndcg@10"].ShouldBe(0.71);
        r2.History.Select(h => h.Type).ShouldBe(["model_trained", "model_validated", "model_deployment_changed", "model_rolled_back"]);
        r2.History[^1].Detail.ShouldBe("automatic rollback to r1: p95 latency 1.7x control");
        r2.History.ShouldAllBe(h => h.Actor == "admin:kim");
        var r1 = registry.Models.Find("default|r1")!;
        (r1.State, r1.TrafficShare).ShouldBe(("serving", 1.0));
        r1.History[^1].Type.ShouldBe("restored");
    }

    [Fact]
    public void A_rejected_model_is_marked_and_events_for_unknown_versions_are_ignored()
    {
        var registry = new ModelRegistryProjection();
        registry.Apply(E(Trained("r3", null)));
        registry.Apply(E(new ModelRejected("r3", "r2", new Dictionary<string, double>(), new Dictionary<string, double>(), 120, "worse than serving", At)));
        registry.Apply(E(new ModelDeploymentChanged("ghost", ModelStage.Serving, 1, "?", At)));
        registry.Models.Find("default|r3")!.State.ShouldBe("rejected");
        registry.Models.Count.ShouldBe(1);
    }

    [Fact]
    public void A_serving_model_trained_again_from_the_same_inputs_keeps_its_verdict_and_stage()
    {
        var registry = new ModelRegistryProjection();
        foreach (var e in new object[]
                 {
                     Trained("r1", null),
                     new ModelValidated("r1", null, new Dictionary<string, double>(), new Dictionary<string, double>(), 50, "better", At),
                     new ModelDeploymentChanged("r1", ModelStage.Serving, 1, "gate passed", At),
                     Trained("r1", null),
                 })
            registry.Apply(E(e));

        var r1 = registry.Models.Find("default|r1")!;
        (r1.PassedGate, r1.State).ShouldBe((true, "serving"));
        r1.History.Select(h => h.Type).ShouldBe(["model_trained", "model_validated", "model_deployment_changed", "model_trained"]);
        registry.ServingOf("default").Serving("reranker").ShouldBe("r1");
    }

    [Fact]
    public void What_serves_each_tenant_is_stored_as_rows_and_reads_back_the_same()
    {
        var registry = new ModelRegistryProjection();
        foreach (var e in new object[]
                 {
                     Trained("r1", null), new ModelDeploymentChanged("r1", ModelStage.Serving, 1, "first", At),
                     Trained("r2", "r1"), new ModelDeploymentChanged("r2", ModelStage.Canary(0.25), 0.25, "experiment", At),
                 })
            registry.Apply(E(e));

        var loaded = new ModelRegistryProjection();
        foreach (var (key, json) in registry.Serving.Serialized()) loaded.Serving.Load(key, json);

        loaded.Serving.Serialized().ShouldBe(registry.Serving.Serialized());
        loaded.ServingOf("default").Serving("reranker").ShouldBe("r1");
        loaded.ServingOf("default").Find("r2")!.Placement.ShouldBe(new ModelPlacement(ModelStage.Canary(0.25), 0.25));
        loaded.ServingOf("other").ShouldBe(ServingState.Initial);
    }

    [Fact]
    public void Model_stream_ids_are_stable_per_version()
    {
        ModelStreams.IdOf("r1").ShouldBe(ModelStreams.IdOf("r1"));
        ModelStreams.IdOf("r1").ShouldNotBe(ModelStreams.IdOf("r2"));
    }
}
