using Npgsql;

namespace EventSourcedRag.Cli.Benchmarking;

/// <summary>The throw-away PostgreSQL schemas benchmarks run in.</summary>
public static class BenchSchema
{
    public static string NewName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..16];

    /// <summary>Settings of a throw-away run through the real intake and worker: its own schema and temporary queues, chunks as given.</summary>
    public static Dictionary<string, string?> WorkerRun(string schema, int chunkTokens) => new()
    {
        ["Storage:Schema"] = schema,
        ["Messaging:IngestQueue"] = schema + "-ingest",
        ["Messaging:TemporaryQueues"] = "true",
        ["Ingestion:ChunkTokens"] = chunkTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ingestion:ChunkOverlapTokens"] = (chunkTokens / 8).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task DropAsync(string connectionString, string schema)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists \"{schema}\" cascade", c);
        await drop.ExecuteNonQueryAsync();
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, c);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
