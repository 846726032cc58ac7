using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Projections.Models;
using Marten;

namespace EventSourcedRag.Api.Tests.Learning;

/// <summary>Validated models reach serving through the log; rejected ones never do. Real PostgreSQL, real ONNX Runtime.</summary>
public class ModelDeploymentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly EventMetadata Admin = new("default", "admin:test", "deploy-test");

    private async Task<string> TrainedAsync(string version, bool validated)
    {
        var at = DateTimeOffset.UtcNow;
        var artifact = await api.Services<ModelArtifactStore>().PutAsync(HandMadeModels.LongestFirst(), "reranker", at, default);
        await api.RecordModelAsync(version, "reranker", artifact, at, validated, metadata: Admin);
        return version;
    }

    private async Task<(Guid First, QueryReceived Received)> AskAsync()
    {
        var body = await api.AskAsync("solar panel maintenance");
        var responseId = body.GetProperty("response_id").GetGuid();
        var first = body.GetProperty("sources")[0].GetProperty("document_id").GetGuid();
        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var received = (await session.Events.FetchStreamAsync(responseId)).Select(e => e.Data).OfType<QueryReceived>().Single();
        return (first, received);
    }

    [Fact]
    public async Task A_deployed_model_serves_every_replica_from_the_log_and_a_rejected_one_is_refused()
    {
        var shortDoc = await api.IngestTextAsync("Solar panel maintenance", "Solar panel maintenance: rinse them.");
        var longDoc = await api.IngestTextAsync("Roof notes", "Solar panel maintenance is part of the roof plan. " + string.Join(' ', Enumerable.Repeat("The crew checks gutters, tiles and flashing every spring.", 8)));
        await api.WaitUntilIndexedAsync(shortDoc);
        await api.WaitUntilIndexedAsync(longDoc);
        var (before, served) = await AskAsync();
        before.ShouldBe(shortDoc); // the first stage prefers the short, dense match
        served.Model.Reranker.ShouldBeNull();

        var deployment = api.Services<ModelDeployment>();
        var rejected = await TrainedAsync("longest-rejected", validated: false);
        (await Should.ThrowAsync<DomainRuleViolated>(() => deployment.DeployAsync("default", rejected, "try", Admin, default))).Code.ShouldBe("model_not_validated");

        var first = await TrainedAsync("longest-v1", validated: true);
        (await deployment.DeployAsync("default", first, "passed the gate", Admin, default)).ShouldBeNull();
        await api.Services<ServingStateFeeder>().WaitForAsync(await api.CountEventsAsync(), TimeSpan.FromSeconds(30), default);
        var (after, deployed) = await AskAsync();
        after.ShouldBe(longDoc);
        deployed.Model.Reranker.ShouldBe(first);
        deployed.Parameters.Retriever.ShouldBe("full");

        var second = await TrainedAsync("longest-v2", validated: true);
        (await deployment.DeployAsync("default", second, "better again", Admin, default)).ShouldBe(first);
        (await deployment.DeployAsync("default", second, "twice", Admin, default)).ShouldBeNull(); // already serving: nothing replaced
        var rebuilder = api.Services<ReadModelRebuilder>();
        var registry = (ModelRegistryProjection)await rebuilder.FoldAsync(ModelRegistryProjection.ProjectionName, await rebuilder.ResolveAsync(AsOf.Head, default), default);
        registry.Models.Find(ModelRegistryProjection.KeyOf("default", first))!.State.ShouldBe("retired");
        registry.Models.Find(ModelRegistryProjection.KeyOf("default", second))!.State.ShouldBe("serving");
        registry.Models.Find(ModelRegistryProjection.KeyOf("default", rejected))!.State.ShouldBe("rejected");
    }
}
