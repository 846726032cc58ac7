using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Testing;
using Marten;

namespace EventSourcedRag.Api.Tests.Learning;

/// <summary>
/// Seen-query memory through the API: what the askers of a question chose through a reformulation joins the
/// question's results for the next asker, the served events say so, and the auditor's replay reproduces it.
/// </summary>
public class SeenQueryMemoryTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Question = "how do i cancel my subscription";

    [Fact]
    public async Task A_document_found_through_a_reformulation_is_found_for_the_original_question_next_time_and_the_replay_agrees()
    {
        for (var i = 0; i < 6; i++)
            await api.IngestTextAsync($"Subscription note {i}", $"Subscription note {i}: how to cancel a subscription order and what the cancel button does.");
        var refunds = await api.IngestTextAsync("Refunds", "Money is returned to the original card within five working days.");

        // Ann and Carol give up on the first wording and find the answer with another; they choose it there.
        foreach (var user in new[] { "ann", "carol" })
        {
            var first = await AskAsync(user, Question);
            DocumentsOf(first).ShouldNotContain(refunds);
            var followUp = await AskAsync(user, "refund money returned");
            var pick = followUp.GetProperty("sources").EnumerateArray().First(s => s.GetProperty("document_id").GetGuid() == refunds);
            await FeedbackAsync(new { response_id = Id(first), type = "reformulation", follow_up_response_id = Id(followUp) }, user);
            await FeedbackAsync(new { response_id = Id(followUp), type = "click", chunk_id = pick.GetProperty("chunk_id").GetGuid(), position = pick.GetProperty("position").GetInt32() }, user);
            await api.Services<ServingStateFeeder>().WaitForAsync(await api.CountEventsAsync(), TimeSpan.FromSeconds(30), default);
        }

        // Bob asks the original question: the document Ann chose is among his results, recorded as remembered.
        var second = await AskAsync("bob", Question);
        DocumentsOf(second).ShouldContain(refunds);
        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var shown = (await session.Events.FetchStreamAsync(Id(second))).Select(e => e.Data).OfType<ResultsShown>().Single();
        shown.Results.Single(r => r.DocumentId == refunds).Scores.Remembered.ShouldNotBeNull().ShouldBeGreaterThan(0);
        shown.Results.Where(r => r.DocumentId != refunds).ShouldAllBe(r => r.Scores.Remembered == null);

        // Another question gets no memory of it.
        DocumentsOf(await AskAsync("bob", "what does the cancel button do")).ShouldNotContain(refunds);

        var replay = await Eventually.Get(() => api.Services<QueryReplay>().ReplayResponseAsync("default", Id(second), null, default),
            r => r?.Served is not null, TimeSpan.FromSeconds(30), "the replay to see the response");
        replay!.Served!.SameResults.ShouldBeTrue(replay.Served.FirstDifference);
        replay.Results.Single(r => r.DocumentId == refunds).Scores.Remembered.ShouldBe(shown.Results.Single(r => r.DocumentId == refunds).Scores.Remembered);
    }

    private static Guid Id(JsonElement body) => body.GetProperty("response_id").GetGuid();

    private static List<Guid> DocumentsOf(JsonElement body) =>
        body.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("document_id").GetGuid()).ToList();

    private async Task FeedbackAsync(object body, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/feedback") { Content = JsonContent.Create(body, options: ApiFixture.Json) };
        request.Headers.Add("X-User-Id", user);
        (await api.Client.SendAsync(request)).EnsureSuccessStatusCode();
    }

    private async Task<JsonElement> AskAsync(string user, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/query") { Content = JsonContent.Create(new { query, top_k = 3 }, options: ApiFixture.Json) };
        request.Headers.Add("X-User-Id", user);
        var response = await api.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
    }
}
