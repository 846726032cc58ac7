using System.Text;
using System.Text.Json;
using EventSourcedRag.Infrastructure.Queries;

namespace EventSourcedRag.Api.Features.Queries;

/// <summary>
/// Writes a query's progress as server-sent events: "sources", then "answer" fragments, then "done" with the
/// stored response (or "error" with a problem). Headers go out with the first event, so a request refused
/// before anything was found still gets an ordinary problem response.
/// </summary>
public sealed class ServerSentQueryStream(HttpResponse response, JsonSerializerOptions json) : IQueryStream
{
    public bool Started => response.HasStarted;

    public ValueTask SourcesAsync(SourcesFound sources, CancellationToken ct) => WriteAsync("sources", sources, ct);

    public ValueTask FragmentAsync(string text, CancellationToken ct) => WriteAsync("answer", new { text }, ct);

    public async ValueTask WriteAsync<T>(string name, T data, CancellationToken ct)
    {
        if (!response.HasStarted)
        {
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no"; // proxies must not hold fragments back
        }
        var payload = JsonSerializer.Serialize(data, json); // one line: JSON escapes newlines inside strings
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"event: {name}\ndata: {payload}\n\n"), ct);
        await response.Body.FlushAsync(ct);
    }
}
