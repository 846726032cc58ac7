using Npgsql;

namespace EventSourcedRag.Infrastructure.Platform.EventStore;

/// <summary>Tells a store that went away from a store that rejected what was sent.</summary>
public static class StoreFailures
{
    /// <summary>
    /// PostgreSQL restarted, refused the connection, dropped it or timed out, anywhere in the exception chain (the
    /// event store wraps Npgsql's errors): the same request may succeed later, and nothing of it was committed.
    /// A bare timeout or socket error from elsewhere (a generator, say) is not one.
    /// </summary>
    public static bool Unreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException p) return p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState.StartsWith("08", StringComparison.Ordinal);
            if (e is NpgsqlException { IsTransient: true }) return true;
        }
        return false;
    }
}
