using System.Data.Common;
using Npgsql;

namespace EventSourcedRag.Infrastructure.Platform.EventStore;

/// <summary>
/// The connection string the event store's own pool uses. Profiling the feedback write path (docs/benchmarks.md,
/// issue 27) found PostgreSQL parsing and planning the same few statements on every commit, and every connection
/// handed back to the pool reset with a string of statements before its next use. The store's pool therefore
/// prepares statements it sees repeated and skips the reset. Skipping it is safe for this pool because nothing run
/// through the store leaves session state behind: its locks are transaction locks, and no code sets session
/// settings or creates temporary tables on it. Code that does hold session state (the retention pass's lock, the
/// read-model writers' temporary tables) opens plain connections from the configured string, which keep Npgsql's
/// defaults. A setting written in the configured string wins.
/// </summary>
public static class StoreConnection
{
    public const int MaxAutoPrepare = 64;
    public const int AutoPrepareMinUsages = 2;

    public static string Tuned(string configured)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = configured }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet();
        var builder = new NpgsqlConnectionStringBuilder(configured);
        if (!given.Contains("maxautoprepare")) builder.MaxAutoPrepare = MaxAutoPrepare;
        if (!given.Contains("autoprepareminusages")) builder.AutoPrepareMinUsages = AutoPrepareMinUsages;
        if (!given.Contains("noresetonclose")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }
}
