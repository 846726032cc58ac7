using System.Security.Cryptography;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EventSourcedRag.Infrastructure.Models;

/// <summary>
/// Model artifacts (ONNX graphs), content-addressed by SHA-256 and kept in PostgreSQL beside the events, so every
/// process that sees a <c>ModelTrained</c> event can load exactly the bytes it names, and a stored artifact is
/// never overwritten with other bytes.
/// </summary>
public sealed class ModelArtifactStore(IOptions<StorageOptions> storage)
{
    private readonly string _schema = storage.Value.Schema;
    private readonly OwnedTables _tables = new(storage.Value.ConnectionString, $"""
        create schema if not exists {storage.Value.Schema};
        create table if not exists {storage.Value.Schema}.model_artifacts (
            sha256 text primary key, kind text not null, bytes bytea not null, stored_at timestamptz not null);
        """);

    public static string HashOf(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Stores the bytes (a no-op when they are already stored) and returns their SHA-256.</summary>
    public async Task<string> PutAsync(byte[] bytes, string kind, DateTimeOffset at, CancellationToken ct)
    {
        var sha = HashOf(bytes);
        await using var c = await OpenAsync(ct);
        await using var insert = new NpgsqlCommand(
            $"insert into {_schema}.model_artifacts (sha256, kind, bytes, stored_at) values (@sha, @kind, @bytes, @at) on conflict (sha256) do nothing", c);
        insert.Parameters.AddWithValue("sha", sha);
        insert.Parameters.AddWithValue("kind", kind);
        insert.Parameters.AddWithValue("bytes", bytes);
        insert.Parameters.AddWithValue("at", at);
        await insert.ExecuteNonQueryAsync(ct);
        return sha;
    }

    /// <summary>The bytes stored under <paramref name="sha256"/>, checked against it; null when none are stored.</summary>
    public async Task<byte[]?> GetAsync(string sha256, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var select = new NpgsqlCommand($"select bytes from {_schema}.model_artifacts where sha256 = @sha", c);
        select.Parameters.AddWithValue("sha", sha256);
        if (await select.ExecuteScalarAsync(ct) is not byte[] bytes) return null;
        if (HashOf(bytes) != sha256) throw new InvalidDataException($"Model artifact {sha256} is corrupt: its bytes hash to {HashOf(bytes)}.");
        return bytes;
    }

    private Task<NpgsqlConnection> OpenAsync(CancellationToken ct) => _tables.OpenAsync(ct);
}
