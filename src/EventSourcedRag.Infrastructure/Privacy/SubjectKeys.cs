using System.Collections.Concurrent;
using System.Security.Cryptography;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using Microsoft.Extensions.Options;
using Npgsql;
using static EventSourcedRag.Infrastructure.Platform.EventStore.Sql;

namespace EventSourcedRag.Infrastructure.Privacy;

/// <summary>
/// One AES-256 key per data subject (tenant and user hash), stored wrapped by the master key in
/// <c>subject_keys</c>. Erasure deletes the key and leaves a marker: every field sealed with it, in the log, in
/// backups and in copies, is unreadable from then on, without touching an event (crypto-shredding).
/// </summary>
public sealed class SubjectKeys(IOptions<StorageOptions> storage, IOptions<PrivacyOptions> privacy, TimeProvider clock)
{
    private readonly string _schema = storage.Value.Schema;
    private readonly byte[] _master = Convert.FromBase64String(privacy.Value.SubjectKeyMasterKey);
    private readonly byte[]? _previousMaster = Base64Setting.TryDecode(privacy.Value.PreviousSubjectKeyMasterKey);
    private readonly ConcurrentDictionary<(string, string), (byte[]? Key, DateTimeOffset At)> _cache = new();
    private readonly OwnedTables _tables = new(storage.Value.ConnectionString, $"""
        create schema if not exists {storage.Value.Schema};
        create table if not exists {storage.Value.Schema}.subject_keys (
            tenant text not null, subject text not null, wrapped_key bytea, created_at timestamptz not null, erased_at timestamptz,
            primary key (tenant, subject));
        alter table {storage.Value.Schema}.subject_keys add column if not exists master_key_id text;
        """);
    private (HashSet<(string, string)> Set, DateTimeOffset At) _erased = ([], DateTimeOffset.MinValue);

    /// <summary>How long another process may still use a key it read before the subject was erased.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    /// <summary>The subject's key, created on first use; null once the subject is erased (nothing new is sealed for them).</summary>
    public async Task<byte[]?> KeyForSealingAsync(string tenant, string subject, CancellationToken ct)
    {
        if (Cached(tenant, subject) is { } hit) return hit.Key;
        await using var c = await OpenAsync(ct);
        await Execute(c, null, $"insert into {_schema}.subject_keys (tenant, subject, wrapped_key, created_at, master_key_id) values (@t, @s, @k, @at, @m) on conflict do nothing", ct,
            ("t", tenant), ("s", subject), ("k", Wrap(RandomNumberGenerator.GetBytes(32))), ("at", clock.GetUtcNow()), ("m", MasterKeyId));
        return (await LoadAsync(c, [(tenant, subject)], ct)).GetValueOrDefault((tenant, subject));
    }

    /// <summary>Keys of many subjects at once (null for erased or unknown ones), for opening a page of events.</summary>
    public async Task<IReadOnlyDictionary<(string Tenant, string Subject), byte[]?>> KeysAsync(IReadOnlyCollection<(string Tenant, string Subject)> subjects, CancellationToken ct)
    {
        var result = new Dictionary<(string, string), byte[]?>();
        var missing = new List<(string, string)>();
        foreach (var s in subjects.Distinct())
            if (Cached(s.Tenant, s.Subject) is { } hit) result[s] = hit.Key;
            else missing.Add(s);
        if (missing.Count > 0)
        {
            await using var c = await OpenAsync(ct);
            var loaded = await LoadAsync(c, missing, ct);
            foreach (var s in missing) result[s] = loaded.GetValueOrDefault(s);
        }
        return result;
    }

    /// <summary>Destroys the key; true when this call erased it, false when the subject was erased already.</summary>
    public async Task<bool> DestroyAsync(string tenant, string subject, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var changed = await Execute(c, null, $"""
            insert into {_schema}.subject_keys (tenant, subject, wrapped_key, created_at, erased_at) values (@t, @s, null, @at, @at)
            on conflict (tenant, subject) do update set wrapped_key = null, erased_at = excluded.erased_at where subject_keys.erased_at is null
            """, ct, ("t", tenant), ("s", subject), ("at", clock.GetUtcNow())) == 1;
        Remember((tenant, subject), null, clock.GetUtcNow());
        ForgetErased();
        return changed;
    }

    /// <summary>Makes the next <see cref="ErasedAsync"/> read the list afresh (an erasure was seen in the log).</summary>
    public void ForgetErased() => _erased = ([], DateTimeOffset.MinValue);

    /// <summary>Whether the subject has a key, and when it was destroyed; (false, null) when nothing was ever sealed for them.</summary>
    public async Task<(bool HasKey, DateTimeOffset? ErasedAt)> StatusAsync(string tenant, string subject, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var command = Command(c, null, $"select wrapped_key is not null, erased_at from {_schema}.subject_keys where tenant = @t and subject = @s",
            ("t", tenant), ("s", subject));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1)) : (false, null);
    }

    /// <summary>Every erased subject; re-read at most every few seconds, at once after an erasure in this process.</summary>
    public async Task<IReadOnlySet<(string Tenant, string Subject)>> ErasedAsync(CancellationToken ct)
    {
        var current = _erased;
        if (clock.GetUtcNow() - current.At < TimeSpan.FromSeconds(2)) return current.Set;
        await using var c = await OpenAsync(ct);
        await using var command = Command(c, null, $"select tenant, subject from {_schema}.subject_keys where erased_at is not null");
        var set = new HashSet<(string, string)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) set.Add((reader.GetString(0), reader.GetString(1)));
        _erased = (set, clock.GetUtcNow());
        return set;
    }

    /// <summary>At most this many keys are cached; entries older than <see cref="CacheFor"/> are useless anyway.</summary>
    public const int MaxCachedKeys = 10_000;

    /// <summary>Caches a key; a full cache first drops what has expired, then, if still full, everything (issue 24: it only grew).</summary>
    private void Remember((string, string) subject, byte[]? key, DateTimeOffset now)
    {
        if (_cache.Count >= MaxCachedKeys)
        {
            foreach (var (k, v) in _cache)
                if (now - v.At >= CacheFor) _cache.TryRemove(k, out _);
            if (_cache.Count >= MaxCachedKeys) _cache.Clear();
        }
        _cache[subject] = (key, now);
    }

    private (byte[]? Key, DateTimeOffset At)? Cached(string tenant, string subject) =>
        _cache.TryGetValue((tenant, subject), out var hit) && clock.GetUtcNow() - hit.At < CacheFor ? hit : null;

    private async Task<Dictionary<(string, string), byte[]?>> LoadAsync(NpgsqlConnection c, IReadOnlyList<(string Tenant, string Subject)> subjects, CancellationToken ct)
    {
        await using var command = Command(c, null, $"""
            select k.tenant, k.subject, k.wrapped_key from {_schema}.subject_keys k
            join unnest(@tenants, @subjects) as w(tenant, subject) on w.tenant = k.tenant and w.subject = k.subject
            """, ("tenants", subjects.Select(s => s.Tenant).ToArray()), ("subjects", subjects.Select(s => s.Subject).ToArray()));
        var result = new Dictionary<(string, string), byte[]?>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                result[(reader.GetString(0), reader.GetString(1))] = reader.IsDBNull(2) ? null : Unwrap(reader.GetFieldValue<byte[]>(2));
        var now = clock.GetUtcNow();
        foreach (var (k, v) in result) Remember(k, v, now);
        return result;
    }

    private Task<NpgsqlConnection> OpenAsync(CancellationToken ct) => _tables.OpenAsync(ct);

    /// <summary>The fingerprint of the configured master key, recorded beside each key it wraps (never the key).</summary>
    public string MasterKeyId => IdOf(_master);

    /// <summary>The fingerprint of the master key being replaced, when a rotation is under way.</summary>
    public string? PreviousMasterKeyId => _previousMaster is null ? null : IdOf(_previousMaster);

    public static string IdOf(byte[] masterKey) => Convert.ToHexStringLower(SHA256.HashData([.. "esrag master key id\n"u8, .. masterKey]))[..16];

    internal byte[] Wrap(byte[] key) => Sealing.Encrypt(_master, key);

    /// <summary>Opens with the configured master key, or with the previous one while a rotation is under way.</summary>
    internal byte[] Unwrap(byte[] wrapped) =>
        Sealing.Decrypt(_master, wrapped) ?? (_previousMaster is null ? null : Sealing.Decrypt(_previousMaster, wrapped))
        ?? throw new CryptographicException("A subject key does not open with the master key: Privacy:SubjectKeyMasterKey changed without Privacy:PreviousSubjectKeyMasterKey?");
}
