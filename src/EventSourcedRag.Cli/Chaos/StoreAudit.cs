using EventSourcedRag.Cli.Benchmarking;
using Npgsql;

namespace EventSourcedRag.Cli.Chaos;

/// <summary>What the event store holds for the requests a scenario's clients saw acknowledged.</summary>
public sealed class StoreAudit(string connectionString, string schema)
{
    public sealed record Check(string Name, bool Passed, string Detail);

    /// <summary>Every acknowledged feedback key is stored exactly once, and no key at all is stored twice.</summary>
    public async Task<Check> FeedbackAsync(IReadOnlyCollection<string> acked, CancellationToken ct)
    {
        var stored = new Dictionary<string, long>();
        await foreach (var (key, count) in RowsAsync<string, long>(
            $"select data->>'feedbackKey', count(*) from {schema}.mt_events where data ? 'feedbackKey' group by 1", [], ct))
            stored[key] = count;
        var missing = acked.Count(k => !stored.ContainsKey(k));
        var duplicated = stored.Count(p => p.Value > 1);
        return new Check("acknowledged feedback stored exactly once", missing == 0 && duplicated == 0,
            $"{acked.Count:N0} acknowledged, {acked.Count - missing:N0} found, {missing} missing, {duplicated} keys stored more than once ({stored.Count:N0} keys in the store)");
    }

    /// <summary>
    /// Every acknowledged document was submitted once, and ingestion finished for it (indexed or failed), with each
    /// version chunked at most once, however often its message was delivered. Ingestion counts as stalled, and the
    /// check fails, when <paramref name="wait"/> passes without one more document finishing: a backlog the clients
    /// built faster than the worker drains is slow, not stuck.
    /// </summary>
    public async Task<IReadOnlyList<Check>> DocumentsAsync(IReadOnlyCollection<Guid> acked, TimeSpan wait, CancellationToken ct)
    {
        var ids = acked.ToArray();
        var deadline = DateTime.UtcNow + wait;
        var started = DateTime.UtcNow;
        var lastUnfinished = int.MaxValue;
        Dictionary<(Guid, string), long> counts;
        while (true)
        {
            counts = [];
            await foreach (var (id, type, count) in RowsAsync<Guid, string, long>(
                $"select stream_id, type, count(*) from {schema}.mt_events where stream_id = any(@ids) " +
                "and type in ('document_submitted', 'document_chunked', 'document_indexed', 'document_ingestion_failed') group by 1, 2", ids, ct))
                counts[(id, type)] = count;
            var unfinished = ids.Count(id => counts.GetValueOrDefault((id, "document_indexed")) + counts.GetValueOrDefault((id, "document_ingestion_failed")) == 0);
            if (unfinished < lastUnfinished) (lastUnfinished, deadline) = (unfinished, DateTime.UtcNow + wait);
            if (unfinished == 0 || DateTime.UtcNow > deadline) break;
            await Task.Delay(500, ct);
        }
        long Count(Guid id, string type) => counts.GetValueOrDefault((id, type));
        var notSubmittedOnce = ids.Count(id => Count(id, "document_submitted") != 1);
        var notFinished = ids.Count(id => Count(id, "document_indexed") + Count(id, "document_ingestion_failed") == 0);
        var failed = ids.Count(id => Count(id, "document_ingestion_failed") > 0);
        var chunkedTwice = ids.Count(id => Count(id, "document_chunked") > 1 || Count(id, "document_indexed") > 1);
        return
        [
            new Check("acknowledged documents stored once", notSubmittedOnce == 0, $"{ids.Length:N0} acknowledged, {notSubmittedOnce} not stored exactly once"),
            new Check("ingestion resumed and completed", notFinished == 0 && failed == 0,
                $"{ids.Length - notFinished:N0} of {ids.Length:N0} indexed after {(DateTime.UtcNow - started).TotalSeconds:0} s, {failed} failed" +
                (notFinished > 0 ? $"; none finished in the last {wait.TotalSeconds:0} s" : "")),
            new Check("no document processed twice", chunkedTwice == 0, $"{chunkedTwice} documents chunked or indexed more than once"),
        ];
    }

    /// <summary>A count or sequence from the scenario's schema (written <c>{schema}</c> in the SQL).</summary>
    public Task<long> ScalarAsync(string sql, CancellationToken ct) =>
        BenchSchema.ScalarAsync(connectionString, sql.Replace("{schema}", schema, StringComparison.Ordinal), ct);

    private async IAsyncEnumerable<(T1, T2)> RowsAsync<T1, T2>(string sql, Guid[] ids, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in ReadAsync(sql, ids, ct)) yield return ((T1)row[0], (T2)row[1]);
    }

    private async IAsyncEnumerable<(T1, T2, T3)> RowsAsync<T1, T2, T3>(string sql, Guid[] ids, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in ReadAsync(sql, ids, ct)) yield return ((T1)row[0], (T2)row[1], (T3)row[2]);
    }

    private async IAsyncEnumerable<object[]> ReadAsync(string sql, Guid[] ids, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            yield return row;
        }
    }
}
