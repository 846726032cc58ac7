using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace EventSourcedRag.Cli.Chaos;

/// <summary>
/// Clients that keep sending feedback and documents while a scenario breaks things, and remember exactly which
/// requests were acknowledged (2xx): those, and only those, must be in the store afterwards. Anything else
/// (refused connections, 503s, time-outs) is counted by kind; a request that takes longer than
/// <see cref="Hang"/> counts as a hang, which the suite treats as a failure.
/// </summary>
public sealed class Traffic(HttpClient http, IReadOnlyList<Guid> responses)
{
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(10);

    public ConcurrentBag<string> AckedFeedbackKeys { get; } = [];
    public ConcurrentBag<Guid> AckedDocuments { get; } = [];
    public ConcurrentDictionary<string, int> Outcomes { get; } = new();
    private long _maxMicros;

    public double MaxLatencyMs => Interlocked.Read(ref _maxMicros) / 1000.0;
    public int Hangs => Outcomes.GetValueOrDefault("hang");

    /// <summary>Runs <paramref name="feedbackClients"/> feedback senders and <paramref name="documentClients"/> uploaders until cancelled.</summary>
    public Task RunAsync(int feedbackClients, int documentClients, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, feedbackClients).Select(c => LoopAsync(c, FeedbackAsync, stop))
            .Concat(Enumerable.Range(0, documentClients).Select(c => LoopAsync(1000 + c, DocumentAsync, stop))));

    private async Task LoopAsync(int client, Func<Random, CancellationToken, Task<(HttpResponseMessage?, Action?)>> send, CancellationToken stop)
    {
        var random = new Random(client);
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            string outcome;
            try
            {
                using var timeout = new CancellationTokenSource(Hang);
                var (response, onAck) = await send(random, timeout.Token);
                using (response)
                {
                    var status = (int)response!.StatusCode;
                    outcome = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (status is >= 200 and < 300) onAck?.Invoke();
                    else if (status == 503 && response.Headers.RetryAfter is null) outcome = "503 without Retry-After";
                }
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested) { outcome = "hang"; }
            catch (OperationCanceledException) { return; }
            catch (HttpRequestException) { outcome = "connection refused or reset"; }
            var micros = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            for (var max = Interlocked.Read(ref _maxMicros); micros > max; max = Interlocked.Read(ref _maxMicros))
                if (Interlocked.CompareExchange(ref _maxMicros, micros, max) == max) break;
            Outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            if (outcome is not ("200" or "201" or "202")) await Task.Delay(50 + random.Next(100), CancellationToken.None); // a polite client backs off
        }
    }

    // Half the feedback goes as batches, as the web app sends it: every signal a batch stored (or found stored by an
    // earlier attempt) is acknowledged, and must be in the store once.
    private Task<(HttpResponseMessage?, Action?)> FeedbackAsync(Random random, CancellationToken ct) =>
        random.Next(2) == 0 ? SignalAsync(random, ct) : BatchAsync(random, ct);

    private static object Signal(Random random, Guid response, string key) => random.Next(3) switch
    {
        0 => new { response_id = response, type = "thumbs_up", idempotency_key = key },
        1 => new { response_id = response, type = "rating", stars = 1 + random.Next(5), idempotency_key = key },
        _ => new { response_id = response, type = "thumbs_down", idempotency_key = key },
    };

    private async Task<(HttpResponseMessage?, Action?)> SignalAsync(Random random, CancellationToken ct)
    {
        var key = Guid.NewGuid().ToString("N");
        var result = await http.PostAsJsonAsync("/v1/feedback", Signal(random, responses[random.Next(responses.Count)], key), ct);
        return (result, () => AckedFeedbackKeys.Add("k:" + key));
    }

    private async Task<(HttpResponseMessage?, Action?)> BatchAsync(Random random, CancellationToken ct)
    {
        var keys = Enumerable.Range(0, 2 + random.Next(19)).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var signals = keys.Select(k => Signal(random, responses[random.Next(responses.Count)], k)).ToArray();
        var result = await http.PostAsJsonAsync("/v1/feedback/batch", new { signals }, ct);
        if (!result.IsSuccessStatusCode) return (result, null);
        var items = (await result.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("status").GetString()).ToList();
        return (result, () =>
        {
            for (var i = 0; i < keys.Count; i++)
                if (items[i] is "stored" or "duplicate") AckedFeedbackKeys.Add("k:" + keys[i]);
        });
    }

    private async Task<(HttpResponseMessage?, Action?)> DocumentAsync(Random random, CancellationToken ct)
    {
        var words = Enumerable.Range(0, 60 + random.Next(60)).Select(_ => ChaosCorpus.Words[random.Next(ChaosCorpus.Words.Length)]);
        var note = Guid.NewGuid().ToString("N");
        var body = new { title = $"Chaos note {note}", content = $"Note {note}: " + string.Join(' ', words) + ".", format = "text" };
        var result = await http.PostAsJsonAsync("/v1/documents", body, ct);
        if (!result.IsSuccessStatusCode) return (result, null);
        var id = (await result.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("document_id").GetGuid();
        return (result, () => AckedDocuments.Add(id));
    }
}
