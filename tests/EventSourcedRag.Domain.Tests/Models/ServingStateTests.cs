using EventSourcedRag.Domain.Models;

namespace EventSourcedRag.Domain.Tests.Models;

/// <summary>The one fold of what serves a tenant: given the model events of the log, which model of each kind serves.</summary>
public class ServingStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static ModelTrained Trained(string version, string kind = ModelKinds.Reranker) =>
        new(version, kind, null, "set", 1, new Dictionary<string, string>(), 7, "sha-" + version, 1, Now);

    private static ModelDeploymentChanged Serves(string version) => new(version, ModelStage.Serving, 1, "test", Now);
    private static ModelDeploymentChanged Retires(string version) => new(version, ModelStage.Retired, 0, "test", Now);
    private static ModelDeploymentChanged Canary(string version, double share) => new(version, ModelStage.Canary(share), share, "test", Now);

    private static ServingState Given(params object[] events) => events.Aggregate(ServingState.Initial, ServingState.Evolve);

    [Fact]
    public void Given_nothing_deployed_Then_the_untrained_default_serves() =>
        Given(Trained("m1")).Serving(ModelKinds.Reranker).ShouldBeNull();

    [Fact]
    public void Given_a_deploy_that_retires_the_previous_model_Then_the_new_one_serves_and_the_old_is_the_one_to_restore()
    {
        var state = Given(Trained("m1"), Trained("m2"), Serves("m1"), Serves("m2"), Retires("m1"));

        state.Serving(ModelKinds.Reranker).ShouldBe("m2");
        state.Serving(ModelKinds.Reranker, except: "m2").ShouldBeNull();
        state.LastRetired(ModelKinds.Reranker, except: "m2").ShouldBe("m1");
        state.Find("m1")!.Placement.ShouldBe(new ModelPlacement(ModelStage.Retired, 0));
    }

    [Fact]
    public void Given_two_serving_models_of_a_kind_Then_the_one_put_in_service_last_serves_whatever_their_names()
    {
        // Versions are content hashes: their order says nothing about which came last.
        var state = Given(Trained("zz"), Trained("aa"), Serves("zz"), Serves("aa"));
        state.Serving(ModelKinds.Reranker).ShouldBe("aa");
        Given(Trained("zz"), Trained("aa"), Serves("aa"), Serves("zz")).Serving(ModelKinds.Reranker).ShouldBe("zz");
    }

    [Fact]
    public void Given_a_canary_Then_it_is_in_service_but_the_control_still_serves_all_other_traffic()
    {
        var state = Given(Trained("control"), Trained("treatment"), Serves("control"), Canary("treatment", 0.05));

        state.Serving(ModelKinds.Reranker).ShouldBe("control");
        state.Find("treatment")!.Placement.InService.ShouldBeTrue();
        state.Find("treatment")!.Placement.Stage.ToString().ShouldBe("canary-5");
    }

    [Fact]
    public void Given_a_rollback_Then_the_restored_model_of_the_same_kind_serves_and_the_rolled_back_one_serves_nothing()
    {
        var state = Given(Trained("m1"), Trained("m2"), Serves("m1"), Serves("m2"), Retires("m1"), new ModelRolledBack("m2", "m1", "worse", false, Now));

        state.Serving(ModelKinds.Reranker).ShouldBe("m1");
        state.Find("m2")!.Placement.ShouldBe(new ModelPlacement(ModelStage.RolledBack, 0));
        state.LastRetired(ModelKinds.Reranker).ShouldBeNull();
    }

    [Fact]
    public void Given_a_rollback_naming_a_model_of_another_kind_Then_that_model_is_not_put_in_service()
    {
        var state = Given(Trained("adapter", ModelKinds.QueryAdapter), Trained("m1"), Serves("m1"), new ModelRolledBack("m1", "adapter", "?", false, Now));

        state.Serving(ModelKinds.Reranker).ShouldBeNull();
        state.Serving(ModelKinds.QueryAdapter).ShouldBeNull();
    }

    [Fact]
    public void Given_models_of_each_kind_Then_each_kind_has_its_own_serving_model()
    {
        var state = Given(Trained("adapter", ModelKinds.QueryAdapter), Trained("m1"), Serves("adapter"), Serves("m1"), Retires("adapter"));

        state.Serving(ModelKinds.Reranker).ShouldBe("m1");
        state.Serving(ModelKinds.QueryAdapter).ShouldBeNull();
        state.LastRetired(ModelKinds.QueryAdapter).ShouldBe("adapter");
    }

    [Fact]
    public void Given_events_of_a_model_never_trained_here_or_a_repeated_training_Then_nothing_changes()
    {
        var state = Given(Trained("m1"), Serves("m1"));

        ServingState.Evolve(state, Serves("ghost")).ShouldBeSameAs(state);
        ServingState.Evolve(state, Trained("m1")).ShouldBeSameAs(state); // the same inputs again: the same, serving model
    }

    [Fact]
    public void The_model_fold_and_the_tenant_fold_agree_on_every_model_s_stage()
    {
        // A rollback by hand: the restored model records its own return to service in the same commit.
        object[] log = [Trained("m1"), Serves("m1"), Trained("m2"), Canary("m2", 0.25), Serves("m2"), Retires("m1"), new ModelRolledBack("m2", "m1", "worse", false, Now), Serves("m1")];
        var tenant = Given(log);

        foreach (var version in new[] { "m1", "m2" })
        {
            var own = (ModelState.Trained)log.Where(e => VersionOf(e) == version).Aggregate(ModelState.Initial, ModelDecider.Evolve);
            own.Placement.ShouldBe(tenant.Find(version)!.Placement);
        }
    }

    private static string VersionOf(object e) => e switch
    {
        ModelTrained t => t.ModelVersion,
        ModelDeploymentChanged d => d.ModelVersion,
        ModelRolledBack r => r.ModelVersion,
        _ => "",
    };
}
