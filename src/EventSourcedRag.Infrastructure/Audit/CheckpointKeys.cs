using System.Security.Cryptography;
using System.Text;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Secrets;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Audit;

/// <summary>
/// The keys of audit checkpoints: the configured private key signs, and verification trusts that key plus every
/// earlier key a recorded <see cref="CheckpointKeyRotated"/> vouches for with a signature of a trusted later key.
/// Trust starts from configuration, never from the database, so writing the log cannot add a key.
/// </summary>
public sealed class CheckpointKeys(EventSessions sessions, IOptions<AuditOptions> audit, IOptions<StorageOptions> storage, TimeProvider clock)
{
    /// <summary>The stream of key rotations (signing key and master key), in the default tenant: keys belong to the deployment.</summary>
    public static readonly Guid CustodyStream = new(SHA256.HashData("key-custody"u8.ToArray()).AsSpan(0, 16));

    /// <summary>A short, stable name of a public key: the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo.</summary>
    public static string KeyId(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    /// <summary>The configured signing key; the caller disposes it.</summary>
    public ECDsa SigningKey() => SecretSettings.CheckpointKey(audit.Value.CheckpointKeyPem)
        ?? throw new InvalidOperationException("Audit:CheckpointKeyPem holds no ECDSA P-256 private key.");

    /// <summary>Public keys trusted for verification, by key id: the configured one and those rotations vouch for.</summary>
    public async Task<IReadOnlyDictionary<string, ECDsa>> TrustedAsync(CancellationToken ct)
    {
        var trusted = new Dictionary<string, ECDsa>();
        var current = SigningKey();
        trusted[KeyId(current)] = current;
        await using var session = sessions.OpenRead(storage.Value.DefaultTenant);
        var rotations = (await session.Events.FetchStreamAsync(CustodyStream, token: ct)).Select(e => e.Data).OfType<CheckpointKeyRotated>().ToList();
        // Newest first: each rotation vouches for its previous key only if its new key is trusted already.
        for (var i = rotations.Count - 1; i >= 0; i--)
        {
            var r = rotations[i];
            if (!trusted.TryGetValue(r.NewKeyId, out var endorser) || trusted.ContainsKey(r.PreviousKeyId)) continue;
            var previous = ECDsa.Create();
            try { previous.ImportFromPem(r.PreviousPublicKeyPem); }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException) { previous.Dispose(); continue; }
            if (KeyId(previous) == r.PreviousKeyId && Endorses(endorser, r.PreviousPublicKeyPem, r.NewPublicKeyPem, r.Endorsement)) trusted[r.PreviousKeyId] = previous;
            else previous.Dispose();
        }
        return trusted;
    }

    /// <summary>
    /// Records that checkpoints will from now on be signed with <paramref name="newKeyPem"/>, vouching for the key in use
    /// with the new key's signature. Run it with the old key configured, then configure the new one on every worker.
    /// </summary>
    public async Task<CheckpointKeyRotated?> RotateAsync(string newKeyPem, EventMetadata metadata, CancellationToken ct)
    {
        using var previous = SigningKey();
        using var next = SecretSettings.CheckpointKey(newKeyPem)
            ?? throw new Domain.DomainRuleViolated("invalid_key", "The new checkpoint key must be an ECDSA P-256 private key in PEM.");
        if (PublishedSecrets.IsPublishedCheckpointKey(next))
            throw new Domain.DomainRuleViolated("published_key", "The new checkpoint key was published with the source code; generate a fresh one.");
        var (previousPem, nextPem) = (previous.ExportSubjectPublicKeyInfoPem(), next.ExportSubjectPublicKeyInfoPem());
        var endorsement = Convert.ToBase64String(next.SignData(EndorsementPayload(previousPem, nextPem), HashAlgorithmName.SHA256));
        var command = new RotateCheckpointKey(KeyId(previous), previousPem, KeyId(next), nextPem, endorsement, clock.GetUtcNow());
        var events = await DeciderStore.HandleAsync(() => sessions.OpenWrite(metadata with { Tenant = storage.Value.DefaultTenant }), CustodyStream,
            KeyCustodyState.None, KeyCustodyDecider.Evolve, s => KeyCustodyDecider.Decide(command, s), ct);
        return events.OfType<CheckpointKeyRotated>().SingleOrDefault();
    }

    private static bool Endorses(ECDsa endorser, string previousPem, string nextPem, string endorsement)
    {
        try { return endorser.VerifyData(EndorsementPayload(previousPem, nextPem), Convert.FromBase64String(endorsement), HashAlgorithmName.SHA256); }
        catch (FormatException) { return false; }
    }

    private static byte[] EndorsementPayload(string previousPem, string nextPem) =>
        Encoding.UTF8.GetBytes($"esrag checkpoint key rotation\n{previousPem.Trim()}\n{nextPem.Trim()}");
}
