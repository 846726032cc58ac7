using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.TrainingSets;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Projections;

public class ReadModelReplayTests(ReadModelFixture api) : IClassFixture<ReadModelFixture>
{
    private ReadModelStore Store => api.Services<ReadModelStore>();
    private ReadModelCatalog Catalog => api.Services<ReadModelCatalog>();

    private async Task<Dictionary<string, IReadOnlyList<(string Key, string Json)>>> RowsAsync(string projection, string target)
    {
        var rows = new Dictionary<string, IReadOnlyList<(string, string)>>();
        foreach (var table in Catalog.Create(projection).Tables) rows[table.Kind] = await Store.RowsAsync(projection, target, table.Kind, default);
        return rows;
    }

    private async Task<string> LiveTargetAsync(string projection) => (await Store.LiveTargetNameAsync(projection, default))!;

    /// <summary>The stored name of a target the default tenant named through the API (targets are the tenant's own).</summary>
    private static string Own(string target) => Infrastructure.Platform.ReadModels.TenantTargets.Qualify("default", target);

    [Fact]
    public async Task Every_read_model_rebuilt_from_zero_equals_the_live_one_row_for_row()
    {
        await api.WaitForProjectionsAsync();
        foreach (var name in Catalog.Names)
        {
            var rebuilt = await api.SendAsync(api.AsRole(HttpMethod.Post, $"/v1/admin/projections/{name}/rebuild", body: new { target = "replay" }));
            var live = await RowsAsync(name, await LiveTargetAsync(name));
            var replayed = await RowsAsync(name, Own("replay"));
            rebuilt.GetProperty("position").GetInt64().ShouldBeGreaterThan(api.Midpoint);
            live.Values.Sum(r => r.Count).ShouldBeGreaterThan(0, name);
            foreach (var kind in live.Keys) replayed[kind].ShouldBe(live[kind], $"{name}/{kind}");
        }
        // The history really exercised the models.
        var pairs = await Store.RowsAsync("training-pairs", await LiveTargetAsync("training-pairs"), "pair", default);
        pairs.Count.ShouldBeGreaterThan(3);
        var variants = await Store.RowsAsync("experiment-statistics", await LiveTargetAsync("experiment-statistics"), "variant", default);
        JsonDocument.Parse(variants.Single().Json).RootElement.GetProperty("queries").GetInt64().ShouldBe(await api.CountEventsAsync("query_received"));
    }

    [Fact]
    public async Task A_rebuild_as_of_a_sequence_or_a_time_sees_only_the_history_up_to_it()
    {
        var bySequence = await api.SendAsync(api.AsRole(HttpMethod.Post, "/v1/admin/projections/query-log/rebuild", body: new { target = "mid", as_of = api.Midpoint.ToString() }));
        bySequence.GetProperty("as_of_sequence").GetInt64().ShouldBe(api.Midpoint);
        var entries = await Store.RowsAsync("query-log", Own("mid"), "query", default);
        entries.Count.ShouldBe(16);
        entries.ShouldAllBe(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("events").EnumerateArray().All(x => x.GetProperty("sequence").GetInt64() <= api.Midpoint));

        var at = await TestDatabase.ScalarTextAsync($"select to_char(timestamp at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') from {api.Schema}.mt_events where seq_id = {api.Midpoint}");
        await api.SendAsync(api.AsRole(HttpMethod.Post, "/v1/admin/projections/query-log/rebuild", body: new { target = "mid-time", as_of = at }));
        (await Store.RowsAsync("query-log", Own("mid-time"), "query", default)).ShouldBe(entries);

        // The live target is untouched and still has everything.
        (await Store.RowsAsync("query-log", await LiveTargetAsync("query-log"), "query", default)).Count.ShouldBeGreaterThanOrEqualTo(32);
    }

    [Fact]
    public async Task A_blue_green_swap_catches_the_rebuilt_target_up_and_the_live_feed_continues_on_it()
    {
        const string name = "feedback-aggregates";
        var before = await LiveTargetAsync(name);
        await api.WaitForProjectionsAsync();
        await api.SendAsync(api.AsRole(HttpMethod.Post, $"/v1/admin/projections/{name}/rebuild", body: new { target = "green", as_of = api.Midpoint.ToString() }));
        var swapped = await api.SendAsync(api.AsRole(HttpMethod.Post, $"/v1/admin/projections/{name}/swap", body: new { target = "green" }));
        swapped.GetProperty("as_of_sequence").ValueKind.ShouldBe(JsonValueKind.Null); // now it follows the log
        (await LiveTargetAsync(name)).ShouldBe(Own("green"));
        var green = await RowsAsync(name, Own("green"));
        var previous = await RowsAsync(name, before);
        foreach (var kind in previous.Keys) green[kind].ShouldBe(previous[kind], kind);

        // New traffic lands on the new live target through the daemon.
        await api.TrafficAsync(new Random(7), 4, round: 9);
        await api.WaitForProjectionsAsync();
        await api.SendAsync(api.AsRole(HttpMethod.Post, $"/v1/admin/projections/{name}/rebuild", body: new { target = "check" }));
        var live = await RowsAsync(name, Own("green"));
        var check = await RowsAsync(name, Own("check"));
        foreach (var kind in live.Keys) check[kind].ShouldBe(live[kind], kind);
    }

    [Fact]
    public async Task Projection_status_shows_positions_and_lag_and_needs_a_role()
    {
        using (var asClient = api.AsRole(HttpMethod.Get, "/v1/admin/projections", role: "client"))
        {
            var denied = await api.Client.SendAsync(asClient);
            denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await denied.Content.ReadAsStringAsync()).ShouldContain("role_required");
        }
        await api.WaitForProjectionsAsync();
        var list = await api.SendAsync(api.AsRole(HttpMethod.Get, "/v1/admin/projections"));
        list.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldBe(Catalog.Names);
        list.EnumerateArray().ShouldAllBe(p => p.GetProperty("lag").GetInt64() == 0 && p.GetProperty("up_to_date_settings").GetBoolean());
        var unknown = await api.Client.SendAsync(api.AsRole(HttpMethod.Post, "/v1/admin/projections/nope/rebuild", body: new { target = "x" }));
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var badTarget = await api.Client.SendAsync(api.AsRole(HttpMethod.Post, "/v1/admin/projections/query-log/rebuild", body: new { target = "no spaces" }));
        badTarget.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("parquet")]
    public async Task Two_exports_as_of_one_point_are_byte_identical_even_with_events_appended_in_between(string format)
    {
        var exporter = api.Services<TrainingSetExporter>();
        var first = Directory.CreateTempSubdirectory("esrag-export-a-").FullName;
        var second = Directory.CreateTempSubdirectory("esrag-export-b-").FullName;
        try
        {
            var manifest = await exporter.ExportAsync(first, new AsOf(api.Midpoint, null), format);
            await api.TrafficAsync(new Random(99), 3, round: 5); // history grows after the as-of point
            await api.WaitForProjectionsAsync();
            await exporter.ExportAsync(second, new AsOf(api.Midpoint, null), format);

            var files = Directory.GetFiles(first).Select(Path.GetFileName).Order().ToList();
            files.ShouldBe(["manifest.json", $"training-pairs.{format}"]);
            foreach (var file in files) File.ReadAllBytes(Path.Combine(second, file!)).ShouldBe(File.ReadAllBytes(Path.Combine(first, file!)), file);

            manifest.AsOf.Sequence.ShouldBe(api.Midpoint);
            manifest.EventRange.LastSequence.ShouldBe(api.Midpoint);
            manifest.Pairs.ShouldBeGreaterThan(0);
            manifest.Files.Single().Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(first, $"training-pairs.{format}")))));
            manifest.PositivesBySignal.Values.Sum().ShouldBeGreaterThanOrEqualTo(manifest.Pairs > 0 ? 1 : 0);
            if (format == "jsonl")
            {
                var lines = File.ReadAllLines(Path.Combine(first, "training-pairs.jsonl"));
                lines.Length.ShouldBe(manifest.Pairs);
                lines.Select(l => JsonDocument.Parse(l).RootElement).ShouldAllBe(p => p.GetProperty("last_sequence").GetInt64() <= api.Midpoint
                    && p.GetProperty("confidence").GetDouble() > 0 && p.GetProperty("provenance").GetArrayLength() > 0);
            }
        }
        finally
        {
            Directory.Delete(first, true);
            Directory.Delete(second, true);
        }
    }

    [Fact]
    public async Task The_training_set_api_returns_a_zip_for_data_scientists_only()
    {
        using (var asClient = api.AsRole(HttpMethod.Get, "/v1/training-set", role: "client"))
            (await api.Client.SendAsync(asClient)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var request = api.AsRole(HttpMethod.Get, $"/v1/training-set?as_of={api.Midpoint}&format=jsonl", role: "data-scientist");
        var response = await api.Client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        zip.Entries.Select(e => e.Name).Order().ShouldBe(["manifest.json", "training-pairs.jsonl"]);
        var bad = await api.Client.SendAsync(api.AsRole(HttpMethod.Get, "/v1/training-set?as_of=yesterday-ish", role: "data-scientist"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_training_set_export_is_streamed_to_the_response_not_built_in_memory_first()
    {
        // Issue 24, defect 6: the zip was built in a MemoryStream inside the request; a streamed body has no length up front.
        using var request = api.AsRole(HttpMethod.Get, "/v1/training-set?format=jsonl", role: "data-scientist");
        var response = await api.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.ShouldBeNull();
        response.Content.Headers.ContentDisposition!.FileName!.ShouldStartWith("training-set-");
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        zip.Entries.Select(e => e.Name).ShouldContain("manifest.json");
    }
}
