using System.Net;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Retention;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Testing;
using Npgsql;

namespace EventSourcedRag.Api.Tests.Audit;

/// <summary>Retention against real PostgreSQL: what expires is removed with a record, derived data forgets it, the chain still verifies.</summary>
public class RetentionTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly EventMetadata Ops = new("default", "admin:retention-test", "retention-test");

    [Fact]
    public async Task Expired_query_streams_are_removed_and_recorded_derived_data_forgets_them_and_the_chain_verifies()
    {
        foreach (var (title, text) in new[] { ("Glimmer tax", "The glimmer tax is due in March."), ("Glimmer rates", "Glimmer rates rise by two percent."),
                     ("Glimmer forms", "Glimmer forms are filed online.") })
            await api.IngestTextAsync(title, text);
        var unanswered = await AskAsync("glimmer tax due date");
        var judged = await AskAsync("glimmer rates this year");
        var sources = await SourcesAsync(judged);
        (await api.PostJsonAsync("/v1/feedback", new { response_id = judged, type = "click", chunk_id = sources[1], position = 2 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await api.PostJsonAsync("/v1/feedback", new { response_id = judged, type = "dwell", chunk_id = sources[1], seconds = 90 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_doc_feedbackkeyclaim where response_id = '{judged}'")).ShouldBe(2);
        await Task.Delay(300);
        var recent = await AskAsync("glimmer forms online");
        var recentAt = DateTimeOffset.Parse(await Scalar($"select timestamp::text from {api.Schema}.mt_events where stream_id = '{recent}' order by seq_id limit 1"),
            System.Globalization.CultureInfo.InvariantCulture);
        var unansweredEvents = await EventsOf(unanswered);
        await api.Services<AuditChainWriter>().CatchUpAsync(default);
        await api.WaitForProjectionsAsync();
        (await api.ExportedPairsAsync()).ShouldContain(judged.ToString());

        // 90 days after the recent question, less a moment: only the older question nobody reacted to has expired.
        var job = api.Services<RetentionJob>();
        await using (var other = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            // While another pass (another worker, the CLI) holds the lock, this one does nothing.
            await other.OpenAsync();
            await using (var take = new NpgsqlCommand($"select pg_advisory_lock(hashtext('{api.Schema}.retention'))", other)) await take.ExecuteScalarAsync();
            (await job.ApplyAsync(Ops, recentAt.AddDays(90).AddMilliseconds(-150), default)).ShouldBeEmpty();
            (await EventsOf(unanswered)).ShouldBe(unansweredEvents);
            await using (var release = new NpgsqlCommand($"select pg_advisory_unlock(hashtext('{api.Schema}.retention'))", other)) await release.ExecuteScalarAsync();
        }
        var first = (await job.ApplyAsync(Ops, recentAt.AddDays(90).AddMilliseconds(-150), default)).ShouldHaveSingleItem();
        first.Applied.Category.ShouldBe(RetentionPolicy.Queries);
        (first.Applied.StreamsRemoved, first.Applied.EventsRemoved).ShouldBe((1, unansweredEvents));
        first.Applied.EventTypes.ShouldContain("query_received");
        (await EventsOf(unanswered)).ShouldBe(0);
        (await EventsOf(judged)).ShouldBeGreaterThan(0);
        (await EventsOf(recent)).ShouldBeGreaterThan(0);
        (await Scalar($"select headers->>'actor' from {api.Schema}.mt_events where type = 'retention_applied'")).ShouldBe(Ops.Actor);
        using (var timeline = api.AsRole(HttpMethod.Get, $"/v1/query/{unanswered}", role: "auditor"))
            (await api.Client.SendAsync(timeline)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var log = await api.RowsAsync("query-log", "query");
        log.ShouldNotContain(unanswered.ToString());
        log.ShouldContain(recent.ToString());
        (await job.ApplyAsync(Ops, recentAt.AddDays(90).AddMilliseconds(-150), default)).ShouldBeEmpty(); // nothing more to do
        await VerifiedIntactAsync();
        await api.Services<ServingStateFeeder>().WaitForAsync(await api.CountEventsAsync(), TimeSpan.FromSeconds(30), default);

        // A year on, the question with feedback (training data) goes too, under its own category.
        var second = await job.ApplyAsync(Ops, recentAt.AddDays(366), default);
        second.Select(r => r.Applied.Category).Order().ShouldBe([RetentionPolicy.Feedback, RetentionPolicy.Queries]);
        second.Single(r => r.Applied.Category == RetentionPolicy.Feedback).Applied.EventTypes.ShouldContain("source_clicked");
        (await EventsOf(judged)).ShouldBe(0);
        // The feedback decider's stored state (ledger, key claims) went with the stream.
        (await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_doc_feedbackledger where id = '{judged}'")).ShouldBe(0);
        (await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_doc_feedbackkeyclaim where response_id = '{judged}'")).ShouldBe(0);
        (await api.PostJsonAsync("/v1/feedback", new { response_id = judged, type = "thumbs_up" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.ExportedPairsAsync()).ShouldNotContain(judged.ToString());
        await VerifiedIntactAsync();

        // A deletion dressed up as retention (a link marked with a real run, its event deleted) is still caught.
        var document = await Scalar($"select min(seq_id)::text from {api.Schema}.mt_events where type = 'document_submitted'");
        await TestDatabase.ExecuteAsync($"update {api.Schema}.audit_chain set pruned_by = '{first.Applied.RunId}' where seq_id = {document}");
        await TestDatabase.ExecuteAsync($"delete from {api.Schema}.mt_events where seq_id = {document}");
        var report = await api.Services<AuditChain>().VerifyAsync(default);
        report.Intact.ShouldBeFalse();
        report.Problem!.Kind.ShouldBe("deleted");
        report.Problem.Detail.ShouldContain(first.Applied.RunId.ToString("N"));
    }

    private async Task VerifiedIntactAsync()
    {
        await api.Services<AuditChainWriter>().CatchUpAsync(default);
        var report = await api.Services<AuditChain>().VerifyAsync(default);
        report.Problem.ShouldBeNull();
    }

    private async Task<Guid> AskAsync(string query) => (await api.AskAsync(query)).GetProperty("response_id").GetGuid();

    private async Task<Guid[]> SourcesAsync(Guid response)
    {
        using var request = api.AsRole(HttpMethod.Get, $"/v1/query/{response}", role: "auditor");
        var body = await (await api.Client.SendAsync(request)).Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(body);
        var shown = doc.RootElement.GetProperty("events").EnumerateArray().First(e => e.GetProperty("type").GetString() == "results_shown");
        return shown.GetProperty("data").GetProperty("results").EnumerateArray().Select(r => r.GetProperty("chunk_id").GetGuid()).ToArray();
    }

    private Task<long> EventsOf(Guid stream) => TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_events where stream_id = '{stream}'");

    private static Task<string> Scalar(string sql) => TestDatabase.ScalarTextAsync(sql);
}
