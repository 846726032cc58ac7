using EventSourcedRag.Domain;
using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Domain.Serving;
using EventSourcedRag.Infrastructure.Experiments;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using Marten;

namespace EventSourcedRag.Api.Tests.Experiments;

/// <summary>The tenant-wide rules hold under concurrency: the tenant's serving stream, not a read model, settles who goes first.</summary>
public class ExperimentConcurrencyTests(ExperimentFixture api) : IClassFixture<ExperimentFixture>
{
    private static EventMetadata Admin(string tenant) => new(tenant, "admin:test", "experiment-race");

    [Fact]
    public async Task Two_racing_experiment_starts_on_one_tenant_yield_one_experiment()
    {
        const string tenant = "race";
        var models = new ExperimentFixtureModels(api, tenant);
        string[] treatments = [await models.RerankerAsync("race-a", good: true), await models.RerankerAsync("race-b", good: false)];
        var service = api.Services<ExperimentService>();

        // Both pass the read of running experiments before either commits: only the serving stream's version can part them.
        using var gate = new Barrier(4);
        var starts = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            gate.SignalAndWait();
            try
            {
                return (Id: (await service.StartAsync(tenant, treatments[i % 2], null, $"race {i}", Admin(tenant), default)).ExperimentId, Error: (Exception?)null);
            }
            catch (Exception ex)
            {
                return (Id: Guid.Empty, Error: ex);
            }
        })).ToList();
        var outcomes = await Task.WhenAll(starts);

        var started = outcomes.Where(o => o.Error is null).ShouldHaveSingleItem().Id;
        outcomes.Where(o => o.Error is not null).ShouldAllBe(o => o.Error is DomainRuleViolated && ((DomainRuleViolated)o.Error).Code == "experiment_running");
        await using var session = api.Services<IDocumentStore>().QuerySession(tenant);
        (await session.Events.QueryRawEventDataOnly<ExperimentStarted>().ToListAsync()).ShouldHaveSingleItem().ExperimentId.ShouldBe(started);
        var serving = await session.Events.FetchStreamAsync(ServingStreams.IdOf(tenant));
        serving.Select(e => e.Data).OfType<ServingExperimentOpened>().ShouldHaveSingleItem().ExperimentId.ShouldBe(started);

        await service.StopAsync(started, "the race is over", Admin(tenant), default);
        // The losers' rolled-back appends left sequence gaps that the registry fold waits out before it reads past them.
        for (var waited = 0; (await service.RegistryAsync(default)).Running(tenant).Any() && waited < 100; waited++) await Task.Delay(100);
        var next = await service.StartAsync(tenant, treatments[1], null, "after the stop", Admin(tenant), default);
        next.ExperimentId.ShouldNotBe(started);
    }
}
