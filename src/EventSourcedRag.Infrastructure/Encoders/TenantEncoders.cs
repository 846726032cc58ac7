using System.Security.Cryptography;
using System.Text;
using EventSourcedRag.Domain.Encoders;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Retrieval.Dense;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EventSourcedRag.Infrastructure.Encoders;

/// <summary>
/// Each tenant's dense encoder, from its encoder stream (<see cref="EncoderDecider"/>). A tenant that never switched
/// serves this deployment's configured encoder. Read fresh on every call: the worker must not embed under a version
/// a switch has already replaced.
/// </summary>
public sealed class TenantEncoders(EventSessions sessions, IOptions<StorageOptions> storage, IOptions<RetrievalOptions> retrieval, IEmbedder? configured = null)
{
    /// <summary>The configured encoder's version: the loaded model's, or the LSA encoder's that every host fits itself.</summary>
    public string Configured { get; } = configured?.Version ?? LsaVersion(retrieval.Value);

    public static string LsaVersion(RetrievalOptions retrieval) => $"lsa-corpus-fitted/{retrieval.DenseDimensions}d";

    /// <summary>One stream per tenant, at an id derived from the tenant so no lookup is needed.</summary>
    public static Guid StreamId(string tenant) => new(SHA256.HashData(Encoding.UTF8.GetBytes("encoder:" + tenant)).AsSpan(0, 16));

    public async Task<EncoderState> StateAsync(string tenant, CancellationToken ct) => (await StateWithSequenceAsync(tenant, ct)).State;

    /// <summary>The state with the global log sequence of its last event (0 for none).</summary>
    public async Task<(EncoderState State, long Sequence)> StateWithSequenceAsync(string tenant, CancellationToken ct)
    {
        await using var session = sessions.OpenRead(tenant);
        var events = await session.Events.FetchStreamAsync(StreamId(tenant), token: ct);
        return (DeciderStore.Fold(events, EncoderState.Configured, EncoderDecider.Evolve).State, events.Count == 0 ? 0 : events[^1].Sequence);
    }

    /// <summary>Decides and appends; returns the events stored.</summary>
    public Task<object[]> HandleAsync(string tenant, object command, string actor, CancellationToken ct) =>
        DeciderStore.HandleAsync(() => sessions.OpenWrite(new EventMetadata(tenant, actor, Guid.NewGuid().ToString("N"))), StreamId(tenant),
            EncoderState.Configured, EncoderDecider.Evolve, state => EncoderDecider.Decide(command, state), ct);

    /// <summary>
    /// Tenants that started a switch in the events after <paramref name="after"/>, and the last sequence looked at.
    /// Read from a position on, by the log's primary key, so a monitor polling every few seconds does not scan the log.
    /// </summary>
    public async Task<(IReadOnlyList<string> Tenants, long ScannedTo)> TenantsThatStartedSwitchesAsync(long after, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(storage.Value.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select tenant_id, (select max(seq_id) from {storage.Value.Schema}.mt_events) from {storage.Value.Schema}.mt_events where seq_id > @after and type = 'encoder_switch_started' " +
            $"union all select null, (select max(seq_id) from {storage.Value.Schema}.mt_events)", connection);
        command.Parameters.AddWithValue("after", after);
        var tenants = new List<string>();
        var scannedTo = after;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (!reader.IsDBNull(0)) tenants.Add(reader.GetString(0));
            if (!reader.IsDBNull(1)) scannedTo = Math.Max(scannedTo, reader.GetInt64(1));
        }
        return (tenants.Distinct().ToList(), scannedTo);
    }
}
