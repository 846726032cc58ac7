using Npgsql;

namespace EventSourcedRag.Infrastructure.EventStore;

/// <summary>
/// Opens connections for a component that keeps tables of its own beside Marten's: the first successful open runs
/// the component's idempotent DDL. A connection whose open or DDL fails is disposed before the error surfaces, so a
/// database hiccup never strands pooled connections.
/// </summary>
public sealed class OwnedTables(string connectionString, string ddl)
{
    private volatile bool _created;

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            if (!_created && ddl.Length > 0)
            {
                await Sql.Execute(connection, null, ddl, ct);
                _created = true;
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection for a component with no tables of its own.</summary>
    public static Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken ct) => new OwnedTables(connectionString, "").OpenAsync(ct);
}
