using System.Runtime.InteropServices;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace EventSourcedRag.Infrastructure.Ingestion.Embedding;

/// <summary>
/// Chunk vectors, computed once by the worker's embedding stage and read by every host that indexes the chunk.
/// Keyed by tenant, encoder version and the hash of the embedded text (<see cref="Retrieval.Dense.EmbeddingInput"/>),
/// so a new encoder version is stored beside the old one and a text shared by two documents is embedded once. It is a
/// read model of the chunk events: dropping the table loses nothing the worker cannot recompute from the log.
/// </summary>
public sealed class ChunkVectorStore(IOptions<StorageOptions> storage) : IChunkVectorSource
{
    private readonly OwnedTables _tables = new(storage.Value.ConnectionString, $"""
        create table if not exists {storage.Value.Schema}.chunk_vectors (
            tenant text not null,
            encoder_version text not null,
            content_hash text not null,
            vector bytea not null,
            tokens integer not null,
            truncated boolean not null,
            embedded_at timestamptz not null default now(),
            primary key (tenant, encoder_version, content_hash));
        """);

    private string Table => $"{storage.Value.Schema}.chunk_vectors";

    /// <summary>The hashes that have no vector under <paramref name="version"/> yet.</summary>
    public async Task<HashSet<string>> MissingAsync(string tenant, string version, IReadOnlyCollection<string> hashes, CancellationToken ct)
    {
        var missing = hashes.ToHashSet(StringComparer.Ordinal);
        await using var connection = await _tables.OpenAsync(ct);
        await using var command = Sql.Command(connection, null,
            $"select content_hash from {Table} where tenant = @tenant and encoder_version = @version and content_hash = any(@hashes)",
            ("tenant", tenant), ("version", version), ("hashes", missing.ToArray()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) missing.Remove(reader.GetString(0));
        return missing;
    }

    /// <summary>Stores vectors; one already stored (a redelivered message, a concurrent worker) is kept as it was.</summary>
    public async Task StoreAsync(string tenant, string version, IReadOnlyList<(string Hash, EncodedText Encoded)> vectors, CancellationToken ct)
    {
        if (vectors.Count == 0) return;
        await using var connection = await _tables.OpenAsync(ct);
        await using var command = Sql.Command(connection, null,
            $"""
            insert into {Table} (tenant, encoder_version, content_hash, vector, tokens, truncated)
            select @tenant, @version, h, v, t, x from unnest(@hashes, @vectors, @tokens, @truncated) as u(h, v, t, x)
            on conflict do nothing
            """,
            ("tenant", tenant), ("version", version), ("hashes", vectors.Select(v => v.Hash).ToArray()),
            ("tokens", vectors.Select(v => v.Encoded.Tokens).ToArray()), ("truncated", vectors.Select(v => v.Encoded.Truncated).ToArray()));
        command.Parameters.Add(new Npgsql.NpgsqlParameter("vectors", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = vectors.Select(v => ToBytes(v.Encoded.Vector)).ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyDictionary<string, float[]>> LoadAsync(string tenant, string version, IReadOnlyCollection<string> hashes, CancellationToken ct)
    {
        var found = new Dictionary<string, float[]>(hashes.Count, StringComparer.Ordinal);
        if (hashes.Count == 0) return found;
        await using var connection = await _tables.OpenAsync(ct);
        await using var command = Sql.Command(connection, null,
            $"select content_hash, vector from {Table} where tenant = @tenant and encoder_version = @version and content_hash = any(@hashes)",
            ("tenant", tenant), ("version", version), ("hashes", hashes.Distinct().ToArray()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found[reader.GetString(0)] = FromBytes((byte[])reader[1]);
        return found;
    }

    /// <summary>How many vectors a tenant has under a version (for status and the re-embedding runbook).</summary>
    public async Task<long> CountAsync(string tenant, string version, CancellationToken ct)
    {
        await using var connection = await _tables.OpenAsync(ct);
        return (long)(await Sql.Scalar(connection, null, $"select count(*) from {Table} where tenant = @tenant and encoder_version = @version", ct,
            ("tenant", tenant), ("version", version)))!;
    }

    private static byte[] ToBytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    private static float[] FromBytes(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
