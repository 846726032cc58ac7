using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Audit;

/// <summary>Tamper evidence against real PostgreSQL: rows edited or deleted behind the product's back are named by the verification.</summary>
public class AuditChainTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private Task Sql(string sql) => TestDatabase.ExecuteAsync(sql.Replace("{s}", api.Schema));

    private async Task<AuditReport> VerifyAsync()
    {
        await api.Services<AuditChainWriter>().CatchUpAsync(default);
        return await api.Services<AuditChain>().VerifyAsync(default);
    }

    [Fact]
    public async Task Verification_passes_on_the_untouched_log_and_names_the_first_event_edited_deleted_or_cut_off()
    {
        await api.IngestTextAsync("Badges", "Lost badges are replaced at the front desk.");
        var answer = await api.AskAsync("where do I replace a lost badge");
        var intact = await VerifyAsync();
        intact.Intact.ShouldBeTrue(intact.Problem?.Detail);
        intact.EventsChecked.ShouldBe(await api.CountEventsAsync());
        intact.CheckpointsChecked.ShouldBeGreaterThan(0);
        using (var asAuditor = api.AsRole(HttpMethod.Get, "/v1/audit/verify", role: "auditor"))
        {
            var body = await (await api.Client.SendAsync(asAuditor)).Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
            body.GetProperty("intact").GetBoolean().ShouldBeTrue();
        }
        using (var asClient = api.AsRole(HttpMethod.Get, "/v1/audit/verify", role: "client"))
            (await api.Client.SendAsync(asClient)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);

        // An answer rewritten in place.
        var answered = await TestDatabase.ScalarAsync($"select seq_id from {api.Schema}.mt_events where type = 'answer_generated' order by seq_id limit 1");
        await Sql($"create table {{s}}.saved as select * from {{s}}.mt_events where seq_id = {answered}");
        await Sql($"update {{s}}.mt_events set data = jsonb_set(data, '{{answer}}', '\"Badges are free, ask anyone.\"') where seq_id = {answered}");
        var edited = await api.Services<AuditChain>().VerifyAsync(default);
        (edited.Problem!.Sequence, edited.Problem.Kind).ShouldBe((answered, "altered"));

        // Only the metadata changed: who did it.
        await Sql($"update {{s}}.mt_events set data = (select data from {{s}}.saved) where seq_id = {answered}");
        (await api.Services<AuditChain>().VerifyAsync(default)).Intact.ShouldBeTrue();
        await Sql($"update {{s}}.mt_events set headers = jsonb_set(coalesce(headers, '{{}}'::jsonb), '{{actor}}', '\"someone-else\"') where seq_id = {answered}");
        (await api.Services<AuditChain>().VerifyAsync(default)).Problem!.Kind.ShouldBe("altered");
        await Sql($"update {{s}}.mt_events set headers = (select headers from {{s}}.saved) where seq_id = {answered}");

        // A row deleted.
        await Sql($"delete from {{s}}.mt_events where seq_id = {answered}");
        var deleted = await api.Services<AuditChain>().VerifyAsync(default);
        (deleted.Problem!.Sequence, deleted.Problem.Kind).ShouldBe((answered, "deleted"));
        await Sql($"insert into {{s}}.mt_events select * from {{s}}.saved");
        (await api.Services<AuditChain>().VerifyAsync(default)).Intact.ShouldBeTrue();

        // The end of the log and of the chain cut off together: the signed checkpoint past the end gives it away.
        var head = await api.Services<AuditChain>().ChainHeadAsync(default);
        await Sql($"delete from {{s}}.audit_chain where seq_id = {head}");
        var cut = await api.Services<AuditChain>().VerifyAsync(default);
        (cut.Problem!.Sequence, cut.Problem.Kind).ShouldBe((head, "deleted"));

        // A checkpoint rewritten to match a forged chain: without the key its signature cannot be.
        await Sql($"update {{s}}.audit_checkpoints set hash = repeat('0', 64) where seq_id = (select min(seq_id) from {{s}}.audit_checkpoints)");
        (await api.Services<AuditChain>().VerifyAsync(default)).Problem!.Kind.ShouldBe("checkpoint_invalid");
        using var afterForgery = api.AsRole(HttpMethod.Get, "/v1/audit/verify", role: "auditor");
        var finding = await (await api.Client.SendAsync(afterForgery)).Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
        finding.GetProperty("intact").GetBoolean().ShouldBeFalse();
        finding.GetProperty("problem").GetProperty("kind").GetString().ShouldBe("checkpoint_invalid");
        answer.GetProperty("response_id").GetGuid().ShouldNotBe(Guid.Empty);
    }
}
