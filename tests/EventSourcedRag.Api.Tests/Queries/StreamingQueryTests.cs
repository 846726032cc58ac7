using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Testing;
using Marten;

namespace EventSourcedRag.Api.Tests.Queries;

/// <summary>One server-sent event of /v1/query/stream.</summary>
public sealed record SseEvent(string Name, JsonElement Data);

public static class ServerSentEvents
{
    /// <summary>Posts a question to /v1/query/stream and hands each event to <paramref name="seen"/> as it arrives; false from it stops reading.</summary>
    public static async Task<HttpResponseMessage> StreamAsync(HttpClient client, object body, Func<SseEvent, bool> seen, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/query/stream") { Content = JsonContent.Create(body, options: ApiFixture.Json) };
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream") return response;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        string? name = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && !seen(new SseEvent(name!, JsonDocument.Parse(line[6..]).RootElement.Clone()))) break;
        }
        return response;
    }
}

public class StreamingQueryTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Sources_come_first_then_answer_fragments_then_the_stored_response()
    {
        await api.IngestTextAsync("Parental leave", "Parental leave lasts sixteen weeks. Requests go to the HR desk.");
        var events = new List<SseEvent>();

        var response = await ServerSentEvents.StreamAsync(api.Client, new { query = "how long is parental leave" }, e => { events.Add(e); return true; });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoCache.ShouldBeTrue();
        events.Select(e => e.Name).Distinct().ShouldBe(["sources", "answer", "done"]);
        events[0].Name.ShouldBe("sources");
        events[^1].Name.ShouldBe("done");
        var sources = events[0].Data.GetProperty("sources").EnumerateArray().ToList();
        sources[0].GetProperty("title").GetString().ShouldBe("Parental leave");
        events[0].Data.GetProperty("model_info").GetProperty("generator").GetString().ShouldBe("extractive-v1");
        var done = events[^1].Data;
        string.Concat(events.Where(e => e.Name == "answer").Select(e => e.Data.GetProperty("text").GetString())).ShouldBe(done.GetProperty("answer").GetString());
        done.GetProperty("answer").GetString()!.ShouldContain("sixteen weeks");
        done.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("chunk_id").GetGuid())
            .ShouldBe(sources.Select(s => s.GetProperty("chunk_id").GetGuid()));

        // Acknowledged only once stored: the id in "done" names a stored response with that answer.
        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var stored = (await session.Events.FetchStreamAsync(done.GetProperty("response_id").GetGuid())).Select(e => e.Data).ToList();
        stored.OfType<AnswerGenerated>().Single().Answer.ShouldBe(done.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_refused_question_gets_an_ordinary_problem_response_not_a_stream()
    {
        var response = await ServerSentEvents.StreamAsync(api.Client, new { query = "   " }, _ => true);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("invalid_query");
    }
}

/// <summary>The application answering with a chat model (an OpenAI-compatible server on loopback), selected by configuration.</summary>
public sealed class ChatGeneratorFixture : ApiFixture
{
    public FakeChatServer Model { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Generator:Kind"] = "openai",
        ["Generator:Endpoint"] = Model.Endpoint.ToString(),
        ["Generator:Model"] = "fake-model",
        ["Generator:Retries"] = "0",
        ["Generator:FailureThreshold"] = "100",
    };

    public override async Task InitializeAsync()
    {
        Model = await FakeChatServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Model.DisposeAsync();
    }
}

public class ChatGeneratorQueryTests(ChatGeneratorFixture api) : IClassFixture<ChatGeneratorFixture>
{
    [Fact]
    public async Task The_configured_chat_model_answers_and_a_citation_of_no_shown_source_never_reaches_the_client()
    {
        await api.IngestTextAsync("Expense receipts", "Receipts must be uploaded within thirty days.");
        api.Model.Script = _ => new ChatReply("Upload receipts within thirty days [1] [12].");

        var body = await api.AskAsync("when are receipts due");

        body.GetProperty("answer").GetString().ShouldBe("Upload receipts within thirty days [1].");
        body.GetProperty("model_info").GetProperty("generator").GetString().ShouldBe("chat:fake-model");
        body.GetProperty("sources")[0].GetProperty("title").GetString().ShouldBe("Expense receipts");
        api.Model.Bodies.Last()["messages"]![1]!["content"]!.ToString().ShouldContain("[1] Expense receipts");
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_answer_cancels_the_generation_and_the_query_is_recorded_as_failed()
    {
        await api.IngestTextAsync("Locker rules", "Lockers are emptied every Friday evening.");
        api.Model.Script = _ => new ChatReply("Lockers are emptied on Fridays [1] and nothing else is known yet", ChunkDelay: TimeSpan.FromMilliseconds(500));
        using var hangUp = new CancellationTokenSource();
        var seen = new List<string>();

        var hungUp = false;
        try
        {
            await ServerSentEvents.StreamAsync(api.Client, new { query = "when are lockers emptied" }, e =>
            {
                seen.Add(e.Name);
                if (e.Name == "answer") hangUp.Cancel();
                return true;
            }, hangUp.Token);
        }
        catch (OperationCanceledException) { hungUp = true; }

        hungUp.ShouldBeTrue();

        seen.ShouldBe(["sources", "answer"]);
        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var failed = await Eventually.Get(async () => await session.Events.QueryRawEventDataOnly<QueryFailed>().ToListAsync(),
            list => list.Count > 0, what: "the disconnected query recorded as failed");
        failed.ShouldHaveSingleItem().Error.ShouldContain("The client disconnected while the answer was streamed");
        (await session.Events.QueryRawEventDataOnly<AnswerGenerated>().ToListAsync()).Where(a => a.Answer.Contains("Fridays")).ShouldBeEmpty();
    }

    [Fact]
    public async Task When_the_chat_model_fails_the_sources_are_served_without_an_answer()
    {
        await api.IngestTextAsync("Printer queue", "Printing jobs are kept for one day.");
        api.Model.Script = _ => new ChatReply("", Status: 500);

        var body = await api.AskAsync("how long are print jobs kept");

        body.GetProperty("answer").GetString().ShouldBeEmpty();
        body.GetProperty("sources")[0].GetProperty("title").GetString().ShouldBe("Printer queue");
        var degraded = body.GetProperty("degraded").EnumerateArray().ShouldHaveSingleItem();
        (degraded.GetProperty("stage").GetString(), degraded.GetProperty("component").GetString()).ShouldBe(("generate", "chat:fake-model"));
    }
}
