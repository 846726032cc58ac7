using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventSourcedRag.Api.Hosting;

/// <summary>
/// Reads every JSON string of a request body and refuses one holding U+0000 (<see cref="UnstorableText"/>): checked
/// once here rather than field by field, so no new field can forget it.
/// </summary>
public sealed class StorableStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return UnstorableText.Holds(value) ? throw new UnstorableText() : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
