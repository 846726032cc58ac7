using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Privacy;

/// <summary>Issue 24, defect 2: with the default settings an erasure left the question readable in the log, the timeline, replay and other targets.</summary>
public partial class ErasureTests
{
    [Fact]
    public async Task With_default_settings_an_erased_subjects_question_is_gone_from_the_log_the_timeline_replay_and_every_target()
    {
        foreach (var (title, text) in new[] { ("Plimsoll line", "The plimsoll line marks how deep a ship may sit."), ("Plimsoll season", "Plimsoll marks differ for summer and winter."),
                     ("Plimsoll origin", "Samuel Plimsoll campaigned for the load line.") })
            await api.IngestTextAsync(title, text);
        var frank = await AskAndReadAsync("frank@example.com", "what does the plimsoll mark tell frank");
        (await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_events where data::text like '%plimsoll mark tell%'")).ShouldBe(0);
        (await Timeline(frank)).ShouldContain("what does the plimsoll mark tell frank");
        await api.WaitForProjectionsAsync();
        (await api.PostAsAdminAsync("/v1/admin/projections/query-log/rebuild", new { target = "before-erasure" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await TargetRows("before-erasure")).ShouldContain(frank.ToString());

        using var erase = api.AsRole(HttpMethod.Delete, $"/v1/subjects/{Uri.EscapeDataString("frank@example.com")}?reason=REQ-24", role: "admin");
        (await api.Client.SendAsync(erase)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ErasureJobCaughtUpAsync();

        var timeline = await Timeline(frank);
        timeline.ShouldNotContain("plimsoll mark tell");
        timeline.ShouldContain("[erased]");
        var replay = await ReplayAsync(frank);
        replay.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await replay.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json)).GetProperty("code").GetString().ShouldBe("replay_unavailable");
        (await api.RowsAsync("query-log", "query")).ShouldNotContain(frank.ToString());
        (await TargetRows("before-erasure")).ShouldNotContain(frank.ToString()); // a target beside the live one was rebuilt too
    }

    [Fact]
    public async Task Erasing_a_subject_who_left_no_events_rebuilds_nothing()
    {
        await api.IngestTextAsync("Quiet", "Nothing to see here.");
        await api.WaitForProjectionsAsync();
        await ErasureJobCaughtUpAsync();
        const string targets = "select projection || '/' || target || '@' || built_at::text from {0}.rm_targets order by 1";
        var before = await TestDatabase.ScalarTextAsync($"select string_agg(t, ',') from ({string.Format(targets, api.Schema)}) x(t)");

        using var erase = api.AsRole(HttpMethod.Delete, "/v1/subjects/never-seen%40example.com?reason=REQ-25", role: "admin");
        var report = await (await api.Client.SendAsync(erase)).Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
        report.GetProperty("events_of_subject").GetInt64().ShouldBe(0);
        report.GetProperty("read_models_pending").GetBoolean().ShouldBeFalse();
        await ErasureJobCaughtUpAsync();
        (await TestDatabase.ScalarTextAsync($"select string_agg(t, ',') from ({string.Format(targets, api.Schema)}) x(t)")).ShouldBe(before);
    }

    /// <summary>The worker's erasure job has finished every erasure stored so far (it records its progress only after its rebuild).</summary>
    private async Task ErasureJobCaughtUpAsync()
    {
        var last = await TestDatabase.ScalarAsync($"select coalesce(max(seq_id), 0) from {api.Schema}.mt_events where type = 'subject_erased'");
        await Eventually.Get(() => TestDatabase.ScalarAsync($"select coalesce(max(last_seq_id), 0) from {api.Schema}.mt_event_progression where name like 'erasure%'"),
            done => done >= last, TimeSpan.FromSeconds(60), what: "the erasure job");
    }

    private async Task<string> TargetRows(string target)
    {
        using var request = api.AsRole(HttpMethod.Get, $"/v1/admin/projections/query-log/rows/query?target={target}&limit=1000", role: "auditor");
        return await (await api.Client.SendAsync(request)).Content.ReadAsStringAsync();
    }
}
