using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using Npgsql;
using NpgsqlTypes;
using Spectre.Console;

namespace EventSourcedRag.Cli.Benchmarking;

// The feedback write path under load, single signals and batches, beside the binary COPY ceiling of the same rows.
public sealed partial class LoadBench
{
    private async Task FeedbackAsync(HttpClient http, StorageOptions storage, IReadOnlyList<(Guid Response, Guid Chunk)> responses, CancellationToken ct)
    {
        if (responses.Count == 0) throw new InvalidOperationException("No answered query to give feedback on.");
        var before = await FeedbackEventsAsync(storage, ct);
        var randoms = Enumerable.Range(0, settings.FeedbackConcurrency).Select(c => new Random(c)).ToArray();
        var cpu = CpuMeter.Start();
        var run = await ClosedLoopAsync(settings.FeedbackConcurrency, TimeSpan.FromSeconds(settings.Seconds), async (c, n) =>
        {
            var (response, chunk) = responses[n % responses.Count];
            var body = Signal(randoms[c], response, chunk);
            using var result = await http.PostAsJsonAsync("/v1/feedback", body, ct);
            return (int)result.StatusCode == 201;
        });
        var (latencies, errors, seconds) = run;
        var acked = latencies.Count;
        var spent = CpuPer1000(cpu, acked);
        var stored = await FeedbackEventsAsync(storage, ct) - before;
        var rate = acked / seconds;
        var ack = Of(latencies);
        AnsiConsole.MarkupLine($"  HTTP /v1/feedback, {settings.FeedbackConcurrency} clients: {rate:N0} events/s acknowledged ({acked:N0} in {seconds:F1} s, {errors} errors), " +
                               $"ack p50 {ack.P50:F1} / p95 {ack.P95:F1} / p99 {ack.P99:F1} ms; stored {stored:N0} of {acked:N0} acknowledged; {Cpu(spent)}");

        var batch = settings.FeedbackBatchSize > 0 ? await FeedbackBatchesAsync(http, storage, responses, ct) : null;

        var rows = (int)Math.Max(Math.Max(acked, batch?.Stored ?? 0), 20_000);
        var ceiling = await CopyCeilingAsync(storage, rows, ct);
        AnsiConsole.MarkupLine($"  ceiling: binary COPY of {rows:N0} event rows into a copy of mt_events: {ceiling:N0} rows/s; single-signal path at {rate / ceiling:P1} of it" +
                               (batch is null ? "" : $", batch path at {batch.Rate / ceiling:P1}"));
        _figures["feedback_events_per_s"] = Math.Round(rate, 1);
        _figures["feedback_cpu_ms_per_1000"] = spent;
        _figures["feedback_ack_ms"] = new[] { ack.P50, ack.P95, ack.P99 };
        _figures["feedback_acknowledged"] = acked;
        _figures["feedback_stored"] = stored;
        _figures["feedback_errors"] = errors;
        _figures["copy_rows_per_s"] = Math.Round(ceiling, 1);
        if (stored != acked) throw new InvalidOperationException($"{acked} feedback signals were acknowledged but {stored} are stored.");
        if (batch is not null && batch.Stored != batch.Found)
            throw new InvalidOperationException($"{batch.Stored} batched signals were acknowledged as stored but {batch.Found} are stored.");
    }

    private static object Signal(Random random, Guid response, Guid chunk) => random.Next(4) switch
    {
        0 => new { response_id = response, type = "click", chunk_id = chunk, position = 1, idempotency_key = Guid.NewGuid().ToString("N") },
        1 => new { response_id = response, type = "dwell", chunk_id = chunk, seconds = 5 + random.Next(90), idempotency_key = Guid.NewGuid().ToString("N") },
        2 => new { response_id = response, type = "thumbs_up", idempotency_key = Guid.NewGuid().ToString("N") },
        _ => new { response_id = response, type = "rating", stars = 1 + random.Next(5), idempotency_key = Guid.NewGuid().ToString("N") },
    };

    private sealed record BatchFigures(long Stored, long Found, double Rate);

    /// <summary>
    /// Batches as a page sends them: each on a few responses (20 signals on each), every signal with a fresh key. Counts
    /// what the answers say was stored, and checks it against the store.
    /// </summary>
    private async Task<BatchFigures> FeedbackBatchesAsync(HttpClient http, StorageOptions storage, IReadOnlyList<(Guid Response, Guid Chunk)> responses, CancellationToken ct)
    {
        var (size, clients) = (settings.FeedbackBatchSize, settings.FeedbackBatchConcurrency);
        var before = await FeedbackEventsAsync(storage, ct);
        var randoms = Enumerable.Range(0, clients).Select(c => new Random(1000 + c)).ToArray();
        long storedAcked = 0, rejected = 0;
        var cpu = CpuMeter.Start();
        var run = await ClosedLoopAsync(clients, TimeSpan.FromSeconds(settings.Seconds), async (c, n) =>
        {
            var signals = Enumerable.Range(0, size).Select(i =>
            {
                var (response, chunk) = responses[(int)(((long)n * size + i) / 20 % responses.Count)];
                return Signal(randoms[c], response, chunk);
            }).ToArray();
            using var result = await http.PostAsJsonAsync("/v1/feedback/batch", new { signals }, ct);
            if ((int)result.StatusCode != 200) return false;
            var body = await result.Content.ReadFromJsonAsync<JsonElement>(ct);
            Interlocked.Add(ref storedAcked, body.GetProperty("stored").GetInt32());
            Interlocked.Add(ref rejected, body.GetProperty("rejected").GetInt32());
            return true;
        });
        var spent = CpuPer1000(cpu, storedAcked);
        var found = await FeedbackEventsAsync(storage, ct) - before;
        var rate = storedAcked / run.Seconds;
        var perBatch = Of(run.Latencies);
        AnsiConsole.MarkupLine($"  HTTP /v1/feedback/batch, {clients} clients x {size} signals: {rate:N0} signals/s stored ({storedAcked:N0} in {run.Latencies.Count:N0} batches, " +
                               $"{run.Seconds:F1} s, {run.Errors} failed batches, {rejected} rejected signals), per batch p50 {perBatch.P50:F1} / p95 {perBatch.P95:F1} / p99 {perBatch.P99:F1} ms; " +
                               $"stored {found:N0} of {storedAcked:N0} acknowledged; {Cpu(spent)}");
        _figures["feedback_batch_signals_per_s"] = Math.Round(rate, 1);
        _figures["feedback_batch_cpu_ms_per_1000"] = spent;
        _figures["feedback_batch_ms"] = new[] { perBatch.P50, perBatch.P95, perBatch.P99 };
        _figures["feedback_batch_size"] = size;
        _figures["feedback_batch_clients"] = clients;
        _figures["feedback_batch_stored"] = storedAcked;
        _figures["feedback_batch_found"] = found;
        _figures["feedback_batch_errors"] = run.Errors;
        _figures["feedback_batch_rejected"] = rejected;
        return new BatchFigures(storedAcked, found, rate);
    }

    // CPU milliseconds per 1,000 stored signals: this process (API and the load generator together), then PostgreSQL.
    private static double?[] CpuPer1000(CpuMeter meter, long signals)
    {
        var (own, postgres) = meter.Elapsed();
        return [Math.Round(own * 1e6 / Math.Max(1, signals), 1), postgres is { } p ? Math.Round(p * 1e6 / Math.Max(1, signals), 1) : null];
    }

    private static string Cpu(double?[] spent) =>
        $"CPU per 1,000 signals {spent[0]:F0} ms in this process (API and clients)" + (spent[1] is { } p ? $" and {p:F0} ms in PostgreSQL" : "");

    private static readonly string[] FeedbackTypes = ["source_clicked", "dwell_recorded", "thumbs_up_given", "answer_rated"];

    private static Task<long> FeedbackEventsAsync(StorageOptions storage, CancellationToken ct) =>
        BenchSchema.ScalarAsync(storage.ConnectionString, $"select count(*) from {storage.Schema}.mt_events where type in ({string.Join(", ", FeedbackTypes.Select(t => $"'{t}'"))})", ct);

    /// <summary>Rows as the event store writes a feedback event (same columns, a JSON body of the same size), in one binary COPY.</summary>
    private static async Task<double> CopyCeilingAsync(StorageOptions storage, int rows, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(storage.ConnectionString);
        await connection.OpenAsync(ct);
        var table = $"{storage.Schema}.copy_ceiling";
        await using (var create = new NpgsqlCommand($"create table {table} (like {storage.Schema}.mt_events including all)", connection))
            await create.ExecuteNonQueryAsync(ct);
        var body = JsonSerializer.Serialize(new { responseId = Guid.NewGuid(), key = "k:" + Guid.NewGuid().ToString("N"), chunkId = Guid.NewGuid(), position = 1, at = DateTimeOffset.UtcNow });
        var headers = JsonSerializer.Serialize(new Dictionary<string, object> { ["actor"] = "u:0123456789abcdef", ["schema"] = 1 });
        var clock = Stopwatch.StartNew();
        await using (var writer = await connection.BeginBinaryImportAsync(
            $"copy {table} (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, causation_id, headers, is_archived) from stdin (format binary)", ct))
        {
            for (var i = 0; i < rows; i++)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(i + 1L, NpgsqlDbType.Bigint, ct); // the store takes it from its sequence in the append function
                await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(5L + i % 7, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(body, NpgsqlDbType.Jsonb, ct);
                await writer.WriteAsync("source_clicked", NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync("default", NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync("EventSourcedRag.Domain.Feedback.SourceClicked, EventSourcedRag.Domain", NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync("corr", NpgsqlDbType.Varchar, ct);
                await writer.WriteNullAsync(ct);
                await writer.WriteAsync(headers, NpgsqlDbType.Jsonb, ct);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            }
            await writer.CompleteAsync(ct);
        }
        return rows / clock.Elapsed.TotalSeconds;
    }
}
