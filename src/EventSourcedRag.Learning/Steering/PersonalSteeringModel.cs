using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventSourcedRag.Learning.Steering;

/// <summary>
/// Learned personal steering: per user with enough evidence, a direction in the encoder's space that is added to
/// their query embeddings at <see cref="Scale"/> before the dense search (q' = (q + s·d) / ‖q + s·d‖), so what a
/// user keeps choosing over what they ask ranks higher for them. Documents keep their vectors; a user without a
/// direction is served as everyone else.
/// </summary>
/// <remarks>
/// A direction is personal data derived from one person's behaviour. The bytes therefore carry each direction through
/// <c>protect</c>/<c>reveal</c>: the service seals it with the subject's own key, so destroying that key (erasure)
/// leaves the rest of the artifact, and its content address, intact while that direction can no longer be read.
/// </remarks>
public sealed class PersonalSteeringModel
{
    public const string Format = "esrag-personal-steering/1";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = false };

    private readonly SortedDictionary<string, SteeringDirection> _users;

    public PersonalSteeringModel(string encoder, double scale, int dimensions, IEnumerable<KeyValuePair<string, SteeringDirection>> users)
    {
        Encoder = encoder;
        Scale = scale;
        Dimensions = dimensions;
        _users = new SortedDictionary<string, SteeringDirection>(StringComparer.Ordinal);
        foreach (var (user, direction) in users)
        {
            if (direction.Direction.Length != dimensions)
                throw new ArgumentException($"The direction of {user} has {direction.Direction.Length} dimensions, not {dimensions}.", nameof(users));
            _users[user] = direction;
        }
    }

    /// <summary>The encoder version whose space the directions live in; they mean nothing in another's.</summary>
    public string Encoder { get; }

    public double Scale { get; }

    public int Dimensions { get; }

    public IReadOnlyDictionary<string, SteeringDirection> Users => _users;

    /// <summary>The user's direction at the model's scale, or null when the model does not steer them.</summary>
    public float[]? ScaledFor(string user)
    {
        if (Scale <= 0 || !_users.TryGetValue(user, out var d)) return null;
        var scaled = new float[d.Direction.Length];
        TensorPrimitives.Multiply(d.Direction, (float)Scale, scaled);
        return scaled;
    }

    /// <summary>q + offset, unit length like the documents' vectors.</summary>
    public static float[] Steer(float[] query, float[] offset)
    {
        var steered = new float[query.Length];
        TensorPrimitives.Add(query, offset, steered);
        var norm = TensorPrimitives.Norm(steered);
        if (norm > 0) TensorPrimitives.Divide(steered, norm, steered);
        return steered;
    }

    /// <param name="protect">Turns a user's direction bytes into the text stored for them; null leaves the user out.</param>
    public byte[] ToBytes(Func<string, byte[], string?> protect)
    {
        var users = new List<Entry>();
        foreach (var (user, d) in _users)
            if (protect(user, MemoryMarshal.AsBytes(d.Direction.AsSpan()).ToArray()) is { } stored) users.Add(new Entry(user, d.Evidence, stored));
        return JsonSerializer.SerializeToUtf8Bytes(new Document(Format, Encoder, Scale, Dimensions, users), Json);
    }

    /// <summary>The model in the clear (base64 directions): for tests and for tools that never store it.</summary>
    public byte[] ToBytes() => ToBytes((_, bytes) => Convert.ToBase64String(bytes));

    /// <summary>
    /// Reads an artifact written by <see cref="ToBytes(Func{string, byte[], string})"/>; anything else is refused with the reason.
    /// </summary>
    /// <param name="reveal">The direction bytes from what was stored for a user; null when they can no longer be read (the user is left out).</param>
    public static PersonalSteeringModel FromBytes(byte[] bytes, Func<string, string, byte[]?> reveal)
    {
        var document = Read(bytes);
        var users = new List<KeyValuePair<string, SteeringDirection>>();
        foreach (var entry in document.Users)
        {
            if (reveal(entry.Subject, entry.Direction) is not { } raw) continue;
            if (raw.Length != document.Dimensions * sizeof(float))
                throw new InvalidDataException($"The direction of {entry.Subject} is {raw.Length} bytes, not {document.Dimensions} floats.");
            users.Add(KeyValuePair.Create(entry.Subject, new SteeringDirection(entry.Evidence, MemoryMarshal.Cast<byte, float>(raw).ToArray())));
        }
        return new PersonalSteeringModel(document.Encoder, document.Scale, document.Dimensions, users);
    }

    /// <summary>The users an artifact holds directions for, without reading the directions.</summary>
    public static IReadOnlyList<string> SubjectsOf(byte[] bytes) => Read(bytes).Users.Select(u => u.Subject).ToList();

    public static PersonalSteeringModel FromBytes(byte[] bytes) => FromBytes(bytes, (_, text) => Convert.FromBase64String(text));

    private static Document Read(byte[] bytes)
    {
        Document? document;
        try { document = JsonSerializer.Deserialize<Document>(bytes, Json); }
        catch (JsonException ex) { throw new InvalidDataException($"Not a personal-steering model: {ex.Message}"); }
        if (document is null || document.Format != Format)
            throw new InvalidDataException($"Not a personal-steering model of format {Format} (found '{document?.Format}').");
        if (string.IsNullOrEmpty(document.Encoder) || document.Dimensions < 1 || document.Scale is < 0 or > 10 || double.IsNaN(document.Scale) || document.Users is null)
            throw new InvalidDataException("The personal-steering model names no encoder, or has no dimensions or users, or a scale outside [0, 10].");
        return document;
    }

    private sealed record Document(
        [property: JsonPropertyName("format")] string Format, string Encoder, double Scale, int Dimensions, List<Entry> Users);

    private sealed record Entry(string Subject, int Evidence, string Direction);
}
