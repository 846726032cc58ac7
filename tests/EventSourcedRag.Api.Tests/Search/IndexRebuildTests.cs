using System.Net;
using System.Net.Http.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Search;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Search;

public class IndexRebuildTests : IAsyncLifetime
{
    private readonly ApiFixture _api = new();

    private static readonly string[] Topics = ["vacation leave", "expense receipts", "laptop equipment", "badge access", "fire evacuation", "parking garage", "payroll salary", "lab safety"];

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task A_restarted_host_rebuilds_its_index_from_the_events_and_answers_the_same()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            var topic = Topics[i % Topics.Length];
            var response = await _api.PostJsonAsync("/v1/documents", new
            {
                title = $"{topic} note {i}",
                content = $"This note {i} is about {topic}. Rule {i}: the {topic.Split(' ')[1]} process takes {i + 2} days. Ask the {topic.Split(' ')[0]} desk.",
                format = "text",
                tags = new[] { i % 2 == 0 ? "even" : "odd" },
            });
            response.EnsureSuccessStatusCode();
            ids.Add((await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ApiFixture.Json)).GetProperty("document_id").GetGuid());
        }
        foreach (var id in ids) await _api.WaitUntilIndexedAsync(id);
        (await _api.Client.DeleteAsync($"/v1/documents/{ids[5]}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var revised = await _api.PostJsonAsync("/v1/documents", new { title = "parking garage note 13", content = "The garage now closes at midnight.", format = "text", document_id = ids[13] });
        revised.EnsureSuccessStatusCode();
        await _api.WaitUntilIndexedAsync(ids[13]);

        var live = _api.Services<SearchIndexes>().For("default");
        var queries = Topics.Select(t => $"how long does the {t} process take?").Append("garage midnight").ToList();
        var liveAnswers = queries.Select(q => Answer(live, q)).ToList();
        var liveSnapshot = System.Text.Json.JsonSerializer.Serialize(live.Snapshot());
        live.Snapshot().Count.ShouldBe(39);
        liveAnswers.ShouldAllBe(a => a.Model.StartsWith("lsa-"));

        // Restart: the first host goes away; a new one starts with nothing in memory and catches up from the log.
        await _api.Factory.DisposeAsync();
        await using var restarted = _api.CreateHost();
        _api.ClientOf(restarted);
        var head = await TestDatabase.ScalarAsync($"select max(seq_id) from {_api.Schema}.mt_events");
        var indexes = (SearchIndexes)restarted.Services.GetService(typeof(SearchIndexes))!;
        await Eventually.Get(() => Task.FromResult(indexes.Position), p => p >= head, what: "rebuild");
        var rebuilt = indexes.For("default");

        System.Text.Json.JsonSerializer.Serialize(rebuilt.Snapshot()).ShouldBe(liveSnapshot);
        queries.Select(q => Answer(rebuilt, q)).ToList().ShouldBe(liveAnswers);
    }

    [Fact]
    public async Task A_restarted_host_loads_the_index_snapshot_then_catches_up_and_answers_the_same()
    {
        var folder = Directory.CreateTempSubdirectory("esrag-snapshots-").FullName;
        // A queue of its own: the disposed fixture host's consumer was seen taking (and failing) messages after its
        // services were disposed, which would steal documents from this test.
        var withSnapshots = new Dictionary<string, string>
        {
            ["Retrieval:SnapshotFolder"] = folder, ["Retrieval:SnapshotEveryEvents"] = "1000000", ["Messaging:IngestQueue"] = _api.Schema + "-ingest-snap",
        };
        try
        {
            await _api.Factory.DisposeAsync();
            await using (var first = _api.CreateHost(withSnapshots))
            {
                var client = _api.ClientOf(first);
                foreach (var i in Enumerable.Range(0, 36))
                    (await client.PostAsJsonAsync("/v1/documents", new { title = $"note {i}", content = $"Snapshot note {i} about {Topics[i % Topics.Length]}.", format = "text" }))
                        .EnsureSuccessStatusCode();
                await Eventually.Get(() => TestDatabase.ScalarAsync($"select count(*) from {_api.Schema}.mt_doc_documentstatusview where data->>'status' = 'indexed'"),
                    n => n == 36, what: "36 indexed documents");
                var sequence = await TestDatabase.ScalarAsync($"select max(seq_id) from {_api.Schema}.mt_events");
                var firstIndexes = (SearchIndexes)first.Services.GetService(typeof(SearchIndexes))!;
                await Eventually.Get(() => Task.FromResult(firstIndexes.Position), p => p >= sequence, what: "catch-up");
            } // stopping the host writes the snapshot

            await using var second = _api.CreateHost(withSnapshots);
            var secondClient = _api.ClientOf(second);
            // An event the snapshot has not seen: the restored host must catch up past it.
            (await secondClient.PostAsJsonAsync("/v1/documents", new { title = "late", content = "A late note about the parking garage and its night hours.", format = "text" }))
                .EnsureSuccessStatusCode();
            var feeder = (EventLogIndexFeeder)second.Services.GetService(typeof(EventLogIndexFeeder))!;
            var indexes = (SearchIndexes)second.Services.GetService(typeof(SearchIndexes))!;
            await Eventually.Get(() => Task.FromResult(feeder.RestoredFrom), p => p is > 0, what: "restore from snapshot");
            Directory.GetFiles(folder).ShouldContain(f => f.EndsWith($"{_api.Schema}.idx"));

            // Reference: a host that replays the whole log.
            await Eventually.Get(() => TestDatabase.ScalarAsync($"select count(*) from {_api.Schema}.mt_events where type = 'document_indexed'"), n => n == 37, what: "late document indexed");
            await using var replayed = _api.CreateHost();
            _api.ClientOf(replayed);
            var replayIndexes = (SearchIndexes)replayed.Services.GetService(typeof(SearchIndexes))!;
            var headNow = await TestDatabase.ScalarAsync($"select max(seq_id) from {_api.Schema}.mt_events");
            await Eventually.Get(() => Task.FromResult(Math.Min(indexes.Position, replayIndexes.Position)), p => p >= headNow, what: "both hosts at the head");

            var queries = Topics.Select(t => $"{t} note").Append("parking garage night").ToList();
            queries.Select(q => Answer(indexes.For("default"), q)).ShouldBe(queries.Select(q => Answer(replayIndexes.For("default"), q)));
            indexes.For("default").Count.ShouldBe(37);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Two_api_replicas_racing_the_same_feedback_store_it_once()
    {
        await _api.IngestTextAsync("Printing", "Colour printing is limited to 100 pages per month.");
        var asked = await _api.AskAsync("colour printing limit");
        var response = asked.GetProperty("response_id").GetGuid();
        await using var replica = _api.CreateHost();
        var other = _api.ClientOf(replica);
        var body = new { response_id = response, type = "thumbs_up", idempotency_key = "replica-race" };
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? _api.Client : other).PostAsJsonAsync("/v1/feedback", body)));
        results.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        results.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(9);
        (await TestDatabase.ScalarAsync($"select count(*) from {_api.Schema}.mt_events where stream_id = '{response}'")).ShouldBe(5); // four served events, one feedback
    }

    private static Snapshot Answer(ChunkCollection collection, string query)
    {
        var result = collection.Search(new SearchRequest(query, 5, FusionMethod.Rrf, SearchFilter.None));
        return new Snapshot(result.EmbeddingModel, string.Join(";", result.Hits.Select(h => $"{h.Chunk.ChunkId}:{h.Bm25:R}:{h.Dense:R}:{h.Fused:R}")));
    }

    private sealed record Snapshot(string Model, string Hits);
}
