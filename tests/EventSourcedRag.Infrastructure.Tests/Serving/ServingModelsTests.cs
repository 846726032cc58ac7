using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Serving;

namespace EventSourcedRag.Infrastructure.Tests.Serving;

public class ServingModelsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static ModelTrained Trained(string version, string kind = "reranker") =>
        new(version, kind, null, "set", 1, new Dictionary<string, string>(), 7, "sha-" + version, 1, At);

    private static ModelDeploymentChanged Stage(string version, ModelStage stage) => new(version, stage, stage == ModelStage.Serving ? 1 : 0, "test", At);

    [Fact]
    public void The_last_reranker_put_in_service_serves_its_tenant_only()
    {
        var models = new ServingModels();
        models.Apply("t1", Trained("m1"));
        models.Apply("t1", Trained("m2"));
        models.Apply("t1", Stage("m1", ModelStage.Serving));
        models.Apply("t1", Stage("m2", ModelStage.Serving));
        models.Apply("t1", Stage("m1", ModelStage.Retired));

        models.DeployedReranker("t1").ShouldBe("m2");
        models.DeployedReranker("t2").ShouldBeNull();
        models.RerankerFor("t1").ShouldBeNull(); // deployed, but its artifact is not loaded yet: the default serves
    }

    [Fact]
    public void Retiring_or_rolling_back_the_serving_model_restores_the_one_named()
    {
        var models = new ServingModels();
        models.Apply("t1", Trained("m1"));
        models.Apply("t1", Trained("m2"));
        models.Apply("t1", Stage("m1", ModelStage.Serving));
        models.Apply("t1", Stage("m2", ModelStage.Serving));
        models.Apply("t1", new ModelRolledBack("m2", "m1", "worse", true, At));
        models.DeployedReranker("t1").ShouldBe("m1");

        models.Apply("t1", Stage("m1", ModelStage.Retired));
        models.DeployedReranker("t1").ShouldBeNull();
    }

    [Fact]
    public void Each_kind_serves_beside_the_other_and_unknown_models_or_kinds_do_not_serve()
    {
        var models = new ServingModels();
        models.Apply("t1", Trained("adapter", ModelKinds.QueryAdapter));
        models.Apply("t1", Trained("m1"));
        models.Apply("t1", Trained("future", "cross-encoder"));
        models.Apply("t1", Stage("adapter", ModelStage.Serving));
        models.Apply("t1", Stage("m1", ModelStage.Serving));
        models.Apply("t1", Stage("future", ModelStage.Serving));
        models.Apply("t1", Stage("ghost", ModelStage.Serving));

        models.DeployedReranker("t1").ShouldBe("m1");
        models.Deployed("t1", ModelKinds.QueryAdapter).ShouldBe("adapter");
        models.AdapterFor("t1").ShouldBeNull(); // not loaded yet

        models.Apply("t1", Stage("adapter", ModelStage.Retired));
        models.Deployed("t1", ModelKinds.QueryAdapter).ShouldBeNull();
        models.DeployedReranker("t1").ShouldBe("m1");
    }
}
