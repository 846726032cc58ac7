using System.Net;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Retrieval.Answering;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedRag.Api.Tests.Queries;

/// <summary>An answer generator that fails on demand, as a broken model or a timing-out backend would.</summary>
public sealed class FailingGeneratorFixture : ApiFixture
{
    private sealed class Failing(IAnswerGenerator inner) : IAnswerGenerator
    {
        public string Name => inner.Name;

        public Task<GeneratedAnswer> GenerateAsync(string question, IReadOnlyList<AnswerSource> sources, double strength, CancellationToken ct) =>
            question.Contains("explode", StringComparison.Ordinal)
                ? throw new TimeoutException("the generator did not answer in time")
                : inner.GenerateAsync(question, sources, strength, ct);
    }

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IAnswerGenerator>(new Failing(new ExtractiveAnswerGenerator()));
}

public class QueryFailureTests(FailingGeneratorFixture api) : IClassFixture<FailingGeneratorFixture>
{
    [Fact]
    public async Task A_query_that_fails_after_it_was_received_is_stored_as_failed_and_counted_as_an_error_of_its_arm()
    {
        await api.IngestTextAsync("Fire drills", "Fire drills happen every quarter.");

        var response = await api.PostJsonAsync("/v1/query", new { query = "when do fire drills explode" });

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("did not answer in time"); // no internals in the problem
        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var failed = (await session.Events.QueryRawEventDataOnly<QueryFailed>().ToListAsync()).ShouldHaveSingleItem();
        failed.Error.ShouldBe("TimeoutException: the generator did not answer in time");
        failed.Model.Generator.ShouldBe("extractive-v1");
        (await session.Events.FetchStreamAsync(failed.ResponseId)).ShouldHaveSingleItem();

        await api.WaitForProjectionsAsync();
        using var rows = api.AsRole(HttpMethod.Get, "/v1/admin/projections/experiment-statistics/rows/variant");
        var body = await (await api.Client.SendAsync(rows)).Content.ReadAsStringAsync();
        body.ShouldContain("\"errors\":1");
    }
}
