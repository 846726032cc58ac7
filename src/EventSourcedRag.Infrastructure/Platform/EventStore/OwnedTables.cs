using Npgsql;

namespace EventSourcedRag.Infrastructure.Platform.EventStore;

/// <summary>
/// Opens connections for a component that keeps tables of its own beside Marten's: the first successful open runs
/// the component's idempotent DDL. A connection whose open or DDL fails is disposed before the error surfaces, so a
/// database hiccup never strands pooled connections.
/// </summary>
public sealed class OwnedTables(string connectionString, string ddl)
{
    private volatile bool _created;
    private readonly SemaphoreSlim _creating = new(1, 1);

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            if (!_created && ddl.Length > 0) await CreateAsync(connection, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // "create … if not exists" is not safe against itself in PostgreSQL: two at once can both try to create the row
    // type (23505) or the relation (42P07). One at a time here; a loser to another process finds the table made.
    private async Task CreateAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await _creating.WaitAsync(ct);
        try
        {
            if (_created) return;
            try { await Sql.Execute(connection, null, ddl, ct); }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
            {
                await Sql.Execute(connection, null, ddl, ct);
            }
            _created = true;
        }
        finally { _creating.Release(); }
    }

    /// <summary>A connection for a component with no tables of its own.</summary>
    public static Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken ct) => new OwnedTables(connectionString, "").OpenAsync(ct);
}
