using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Testing;

/// <summary>How the fake model answers one request.</summary>
/// <param name="Status">HTTP status; anything but 200 is an OpenAI-style error body.</param>
/// <param name="Delay">Wait before answering (a slow model).</param>
/// <param name="DropAfterFirstChunk">When streaming: send one chunk, then drop the connection.</param>
/// <param name="ChunkDelay">When streaming: wait between chunks (a model writing slowly).</param>
public sealed record ChatReply(string Text, int Status = 200, TimeSpan Delay = default, bool DropAfterFirstChunk = false, TimeSpan ChunkDelay = default);

/// <summary>
/// An OpenAI-compatible chat-completions server on loopback, speaking the wire format vLLM and Ollama speak
/// (JSON, and server-sent chunks ending in [DONE] when asked to stream), scripted per request. No model
/// server can run here; this one lets the real client, its timeouts, retries and circuit be exercised.
/// </summary>
public sealed class FakeChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private FakeChatServer(WebApplication app) => _app = app;

    /// <summary>The reply to the n-th request (1-based).</summary>
    public Func<int, ChatReply> Script { get; set; } = _ => new ChatReply("Leave takes two days [1].");

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Request bodies, in arrival order.</summary>
    public List<JsonNode> Bodies { get; } = [];

    public Uri Endpoint => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1");

    public static async Task<FakeChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeChatServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var n = Interlocked.Increment(ref _requests);
        var body = (await JsonNode.ParseAsync(http.Request.Body))!;
        lock (Bodies) Bodies.Add(body);
        var reply = Script(n);
        if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay, http.RequestAborted);
        var model = body["model"]?.GetValue<string>() ?? "unknown";
        if (reply.Status != 200)
        {
            http.Response.StatusCode = reply.Status;
            await http.Response.WriteAsJsonAsync(new { error = new { message = "the model is overloaded", type = "server_error" } });
            return;
        }
        if (body["stream"]?.GetValue<bool>() != true)
        {
            await http.Response.WriteAsJsonAsync(new
            {
                id = $"chatcmpl-{n}", @object = "chat.completion", created = 1_763_900_000, model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = reply.Text }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 100, completion_tokens = 10, total_tokens = 110 },
            });
            return;
        }
        http.Response.ContentType = "text/event-stream";
        var words = reply.Text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            if (i > 0 && reply.ChunkDelay > TimeSpan.Zero) await Task.Delay(reply.ChunkDelay, http.RequestAborted);
            await Chunk(http, n, model, new { role = "assistant", content = i == 0 ? words[i] : " " + words[i] }, null);
            if (reply.DropAfterFirstChunk)
            {
                await Task.Delay(300); // the client has the chunk before the connection goes
                http.Abort();
                return;
            }
        }
        await Chunk(http, n, model, new { }, "stop");
        await http.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static async Task Chunk(HttpContext http, int n, string model, object delta, string? finish)
    {
        var chunk = new { id = $"chatcmpl-{n}", @object = "chat.completion.chunk", created = 1_763_900_000, model, choices = new[] { new { index = 0, delta, finish_reason = finish } } };
        await http.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n");
        await http.Response.Body.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
