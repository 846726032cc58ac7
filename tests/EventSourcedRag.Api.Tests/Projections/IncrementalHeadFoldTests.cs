using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Projections.Models;
using EventSourcedRag.Projections.ReadModels;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Projections;

/// <summary>
/// The registries kept at the safe head and carried forward (issue 24): always what a fold from event 0 gives, while
/// reading only what is new, for concurrent callers too, and after the log changed below them. Real PostgreSQL.
/// </summary>
public class IncrementalHeadFoldTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Registry = ModelRegistryProjection.ProjectionName;
    private static readonly EventMetadata Admin = new("default", "admin:test", "incremental-fold-test");

    private IncrementalHeadFold Heads => api.Services<IncrementalHeadFold>();
    private ReadModelRebuilder Rebuilder => api.Services<ReadModelRebuilder>();

    [Fact]
    public async Task The_registry_carried_forward_equals_a_full_fold_after_new_events()
    {
        await ModelsAsync("equal-a", 2);
        await HeadAtLeastLastEventAsync();
        await AtHeadEqualsFullFoldAsync();

        await ModelsAsync("equal-b", 3);
        await DeployedAsync("equal-b-0");
        await HeadAtLeastLastEventAsync();
        var registry = await AtHeadEqualsFullFoldAsync();
        registry.Models.Find(ModelRegistryProjection.KeyOf("default", "equal-b-2")).ShouldNotBeNull();
        registry.Models.Find(ModelRegistryProjection.KeyOf("default", "equal-b-0"))!.State.ShouldBe("serving");
    }

    [Fact]
    public async Task Only_the_events_after_the_last_folded_sequence_are_read()
    {
        await ModelsAsync("delta-a", 3);
        await HeadAtLeastLastEventAsync();
        var (before, _) = await Heads.AtHeadAsync([Registry], default);
        var (read, full) = (Heads.EventsRead(Registry), Heads.FullFolds(Registry));

        await ModelsAsync("delta-b", 1); // ModelTrained and ModelValidated
        var after = await HeadAtLeastLastEventAsync();
        var (sequence, models) = await Heads.AtHeadAsync([Registry], default);
        sequence.ShouldBeGreaterThanOrEqualTo(after);

        var newEvents = await RegistryEventsAsync(before, sequence);
        newEvents.ShouldBeGreaterThanOrEqualTo(2);
        (Heads.EventsRead(Registry) - read).ShouldBe(newEvents);
        (await RegistryEventsAsync(0, sequence)).ShouldBeGreaterThan(newEvents); // a full fold would have read more
        Heads.FullFolds(Registry).ShouldBe(full);
        ((ModelRegistryProjection)models[0]).Models.Find(ModelRegistryProjection.KeyOf("default", "delta-b-0")).ShouldNotBeNull();

        // Nothing new, nothing read.
        var (again, _) = await Heads.AtHeadAsync([Registry], default);
        if (again == sequence) Heads.EventsRead(Registry).ShouldBe(read + newEvents);
    }

    [Fact]
    public async Task Concurrent_callers_each_get_a_consistent_registry_of_their_own()
    {
        await ModelsAsync("concurrent-a", 2);
        await HeadAtLeastLastEventAsync();
        var writer = ModelsAsync("concurrent-b", 6);
        var readers = Enumerable.Range(0, 12).Select(_ => Task.Run(() => Heads.AtHeadAsync<ModelRegistryProjection>(Registry, default))).ToList();
        await writer;
        var registries = await Task.WhenAll(readers);

        foreach (var registry in registries)
            Rows(registry).ShouldBe(Rows(await Rebuilder.FoldAsync(Registry, registry.Position, default)), $"at {registry.Position}");
        var key = ModelRegistryProjection.KeyOf("default", "concurrent-a-0");
        registries.Select(r => r.Models.Find(key)!).Distinct(ReferenceEqualityComparer.Instance).Count().ShouldBe(registries.Length);

        // A caller changing its copy changes nothing for the next one.
        registries[0].Models.Delete(key);
        (await Heads.AtHeadAsync<ModelRegistryProjection>(Registry, default)).Models.Find(key).ShouldNotBeNull();
    }

    [Fact]
    public async Task After_a_subject_erasure_the_registry_still_equals_a_full_fold()
    {
        var subject = api.Services<UserHasher>().Hash("default", "model-author@example.com");
        await ModelsAsync("erasure-kept", 1);
        await ModelsAsync("erasure-gone", 1, Admin with { Actor = subject });
        await HeadAtLeastLastEventAsync();
        var gone = ModelRegistryProjection.KeyOf("default", "erasure-gone-0");
        (await AtHeadEqualsFullFoldAsync()).Models.Find(gone).ShouldNotBeNull();
        var full = Heads.FullFolds(Registry);

        // Nothing below the folded point is rewritten: the log reader leaves the subject's events out from now on.
        await api.Services<SubjectErasure>().EraseAsync("default", subject, "incremental fold test", Admin, default);
        await HeadAtLeastLastEventAsync();
        var registry = await AtHeadEqualsFullFoldAsync();
        registry.Models.Find(gone).ShouldBeNull();
        registry.Models.Find(ModelRegistryProjection.KeyOf("default", "erasure-kept-0")).ShouldNotBeNull();
        Heads.FullFolds(Registry).ShouldBe(full + 1);
    }

    [Fact]
    public async Task After_a_retention_run_deleted_events_the_registry_still_equals_a_full_fold()
    {
        await ModelsAsync("retention-kept", 1);
        await ModelsAsync("retention-gone", 1);
        await HeadAtLeastLastEventAsync();
        var gone = ModelRegistryProjection.KeyOf("default", "retention-gone-0");
        (await AtHeadEqualsFullFoldAsync()).Models.Find(gone).ShouldNotBeNull();
        var full = Heads.FullFolds(Registry);

        // As retention does it: the events deleted and the run recorded in one commit, the deleted ones below the folded point.
        await using (var session = api.Services<EventSessions>().OpenWrite(Admin))
        {
            session.QueueSqlCommand($"delete from {api.Schema}.mt_events where stream_id = ?", ModelStreams.IdOf("retention-gone-0"));
            session.Events.StartStream(Guid.CreateVersion7(), new RetentionApplied(Guid.CreateVersion7(), "queries", DateTimeOffset.UtcNow, 1, 2, 0, 0,
                ["model_trained", "model_validated"], "test", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await HeadAtLeastLastEventAsync();
        var registry = await AtHeadEqualsFullFoldAsync();
        registry.Models.Find(gone).ShouldBeNull();
        registry.Models.Find(ModelRegistryProjection.KeyOf("default", "retention-kept-0")).ShouldNotBeNull();
        Heads.FullFolds(Registry).ShouldBe(full + 1);
    }

    private async Task<ModelRegistryProjection> AtHeadEqualsFullFoldAsync()
    {
        var (sequence, models) = await Heads.AtHeadAsync([Registry], default);
        Rows(models[0]).ShouldBe(Rows(await Rebuilder.FoldAsync(Registry, sequence, default)));
        models[0].Position.ShouldBe(sequence);
        return (ModelRegistryProjection)models[0];
    }

    private async Task ModelsAsync(string prefix, int count, EventMetadata? metadata = null)
    {
        for (var i = 0; i < count; i++)
            await api.RecordModelAsync($"{prefix}-{i}", ModelKinds.Reranker, "artifact-" + prefix, DateTimeOffset.UtcNow, metadata: metadata ?? Admin);
    }

    private async Task DeployedAsync(string version)
    {
        await using var session = api.Services<EventSessions>().OpenWrite(Admin);
        session.Events.Append(ModelStreams.IdOf(version), new ModelDeploymentChanged(version, ModelStage.Serving, 1, "test", DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
    }

    // Until then the head (rightly) stops below the events just written and the test would prove nothing.
    private async Task<long> HeadAtLeastLastEventAsync()
    {
        var last = await TestDatabase.ScalarAsync($"select coalesce(max(seq_id), 0) from {api.Schema}.mt_events");
        return await Eventually.Get(() => Rebuilder.ResolveAsync(AsOf.Head, default), head => head >= last, what: $"safe head at {last}");
    }

    private Task<long> RegistryEventsAsync(long after, long upTo)
    {
        var types = string.Join(", ", new ModelRegistryProjection().EventTypes.Select(t => $"'{EventNames.OfType(t)}'"));
        return TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_events where seq_id > {after} and seq_id <= {upTo} and type in ({types})");
    }

    private static string Rows(ReadModel model) =>
        string.Join("\n", model.Tables.SelectMany(t => t.Serialized().Select(r => $"{t.Kind}|{r.Key}|{r.Json}")));
}
