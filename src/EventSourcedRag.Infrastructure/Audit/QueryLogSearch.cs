using System.Text;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Projections.Queries;
using EventSourcedRag.Projections.ReadModels;
using Npgsql;

namespace EventSourcedRag.Infrastructure.Audit;

/// <summary>
/// Auditors' search over the live query-log read model, newest first. The filters run in PostgreSQL on the rows'
/// JSON, so a search reads only the rows it returns, whatever the size of the log.
/// </summary>
public sealed class QueryLogSearch(ReadModelStore store, UserHasher hasher)
{
    public const int MaxLimit = 500;

    /// <returns>The matching entries (at most the limit) and whether more matched.</returns>
    public async Task<(IReadOnlyList<QueryLogEntry> Entries, bool More)> FindAsync(string tenant, QueryLogFilter filter, CancellationToken ct)
    {
        if (filter.Limit is < 1 or > MaxLimit) throw new InvalidReadModelRequest($"The limit must be between 1 and {MaxLimit}.");
        var target = await store.LiveTargetNameAsync(QueryLogProjection.ProjectionName, ct);
        if (target is null) return ([], false);

        var sql = new StringBuilder($"""
            select data::text from {store.RowsTable}
            where projection = @projection and target = @target and kind = 'query' and starts_with(key, @tenant)
            """);
        await using var c = await store.OpenAsync(ct);
        await using var command = new NpgsqlCommand { Connection = c };
        command.Parameters.AddWithValue("projection", QueryLogProjection.ProjectionName);
        command.Parameters.AddWithValue("target", target);
        command.Parameters.AddWithValue("tenant", tenant + "|");
        if (filter.From is { } from) Where("(data->>'asked_at')::timestamptz >= @from", "from", from.ToUniversalTime());
        if (filter.To is { } to) Where("(data->>'asked_at')::timestamptz < @to", "to", to.ToUniversalTime());
        var userHash = filter.User is { Length: > 0 } user ? hasher.Hash(tenant, user) : filter.UserHash;
        if (userHash is { Length: > 0 }) Where("data->>'user_hash' = @user", "user", userHash);
        if (filter.Model is { Length: > 0 } model)
            Where("@model in (data->>'retriever', data->>'embedding_model', data->>'reranker', data->>'generator', data->>'variant', data->>'experiment')",
                "model", model);
        if (filter.Text is { Length: > 0 } text) Where("strpos(lower(data->>'query'), lower(@text)) > 0", "text", text);
        sql.Append(" order by (data->>'asked_at')::timestamptz desc, key limit @limit");
        command.Parameters.AddWithValue("limit", filter.Limit + 1);
        command.CommandText = sql.ToString();

        var entries = new List<QueryLogEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) entries.Add(RowJson.Deserialize<QueryLogEntry>(reader.GetString(0)));
        var more = entries.Count > filter.Limit;
        return (more ? entries[..filter.Limit] : entries, more);

        void Where(string condition, string name, object value)
        {
            sql.Append(" and ").Append(condition);
            command.Parameters.AddWithValue(name, value);
        }
    }
}
