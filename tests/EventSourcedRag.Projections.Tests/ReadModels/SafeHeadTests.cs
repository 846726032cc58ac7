using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Projections.Tests.ReadModels;

/// <summary>
/// Issue 24, defect 6: the safe head counted every row of mt_events. It now reads only the events above the daemon's
/// high-water mark, and still never names a position below which a commit may yet appear.
/// </summary>
public class SafeHeadTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task The_safe_head_stops_before_a_fresh_gap_and_reaches_the_head_without_one_after_the_patience_passes()
    {
        var reader = Reader();
        await AppendAsync(3);
        var head = await TestDatabase.ScalarAsync($"select max(seq_id) from {fixture.Schema}.mt_events");
        (await reader.SafeHeadAsync(default)).ShouldBe(head); // no daemon yet: the gapless run from 0

        // A sequence number taken by a commit still in flight (or rolled back): nothing above it is safe yet.
        await TestDatabase.ScalarAsync($"select nextval('{fixture.Schema}.mt_events_sequence')");
        await AppendAsync(2);
        (await reader.SafeHeadAsync(default)).ShouldBe(head);

        // Once the gap is older than the patience, it is no commit in flight: everything committed before then is safe.
        await Task.Delay(Infrastructure.Platform.EventStore.EventLogTail.GapPatience + TimeSpan.FromMilliseconds(500));
        (await reader.SafeHeadAsync(default)).ShouldBe(head + 3);
    }

    private async Task AppendAsync(int count)
    {
        await using var session = fixture.Store.LightweightSession();
        for (var i = 0; i < count; i++)
            session.Events.StartStream(Guid.NewGuid(), new DocumentSubmitted(Guid.NewGuid(), "default", "test", "t", "text/plain", "hash", 1, [], new Dictionary<string, string>(), "test", DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
    }

    private EventLogReader Reader()
    {
        var services = new ServiceCollection().AddSingleton<Marten.IDocumentStore>(fixture.Store).BuildServiceProvider();
        return new EventLogReader(services, Options.Create(new StorageOptions { ConnectionString = TestDatabase.ConnectionString, Schema = fixture.Schema }));
    }
}
