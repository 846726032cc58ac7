using System.Collections.Concurrent;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Learning.Steering;
using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Infrastructure.Models;

/// <summary>
/// Serves a personal-steering model (<see cref="PersonalSteeringModel"/>) to the users it learned about. Its artifact
/// holds each user's direction sealed with that user's own key (<see cref="SealAsync"/>), so an erasure, which destroys
/// the key, makes the direction unreadable in the artifact store at once; a host that already opened it drops it when
/// it sees the erasure (<see cref="Forget"/>).
/// </summary>
public sealed class PersonalSteering : IDisposable
{
    private readonly ConcurrentDictionary<string, float[]> _offsets = new(StringComparer.Ordinal);

    public PersonalSteering(string version, PersonalSteeringModel model)
    {
        Version = version;
        EncoderVersion = model.Encoder;
        Scale = model.Scale;
        foreach (var user in model.Users.Keys)
            if (model.ScaledFor(user) is { } offset) _offsets[user] = offset;
    }

    public string Version { get; }

    public string EncoderVersion { get; }

    public double Scale { get; }

    /// <summary>Users this host steers now.</summary>
    public int Users => _offsets.Count;

    /// <summary>The steering of the named user, or null when the model learned nothing about them (or they were erased).</summary>
    public IQuerySteering? For(string? userHash) =>
        userHash is not null && _offsets.TryGetValue(userHash, out var offset) ? new UserSteering(Version, EncoderVersion, offset) : null;

    /// <summary>Drops an erased subject's direction from memory.</summary>
    public void Forget(string subject) => _offsets.TryRemove(subject, out _);

    /// <summary>The model's bytes with each user's direction sealed by that user's key; users already erased are left out.</summary>
    public static async Task<byte[]> SealAsync(string tenant, PersonalSteeringModel model, SubjectKeys keys, CancellationToken ct)
    {
        var sealing = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var user in model.Users.Keys)
            if (await keys.KeyForSealingAsync(tenant, user, ct) is { } key) sealing[user] = key;
        return model.ToBytes((user, raw) => sealing.TryGetValue(user, out var key) ? Convert.ToBase64String(Sealing.EncryptDeterministic(key, raw)) : null);
    }

    /// <summary>Opens an artifact written by <see cref="SealAsync"/>: users whose key is destroyed, or who are in <paramref name="erased"/>, are not steered.</summary>
    public static async Task<PersonalSteering> OpenAsync(string version, string tenant, byte[] artifact, SubjectKeys keys, IReadOnlySet<string> erased, CancellationToken ct)
    {
        var subjects = PersonalSteeringModel.SubjectsOf(artifact).Where(s => !erased.Contains(s)).Select(s => (tenant, s)).ToList();
        var opened = await keys.KeysAsync(subjects, ct);
        var model = PersonalSteeringModel.FromBytes(artifact, (user, stored) =>
            opened.GetValueOrDefault((tenant, user)) is { } key ? Sealing.Decrypt(key, Convert.FromBase64String(stored)) : null);
        return new PersonalSteering(version, model);
    }

    // Nothing unmanaged is held; disposable only because every served model is.
    public void Dispose()
    {
    }

    private sealed class UserSteering(string version, string encoder, float[] offset) : IQuerySteering
    {
        public string Version => version;

        public string EncoderVersion => encoder;

        public float[] Steer(float[] query) => PersonalSteeringModel.Steer(query, offset);
    }
}
