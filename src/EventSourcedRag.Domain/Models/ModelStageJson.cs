using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventSourcedRag.Domain.Models;

/// <summary>Writes and reads a <see cref="ModelStage"/> by its stored name, so events already in the log read back unchanged.</summary>
public sealed class ModelStageJson : JsonConverter<ModelStage>
{
    public override ModelStage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var name = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("A model stage is stored as a string.");
        try { return ModelStage.Parse(name); }
        catch (FormatException ex) { throw new JsonException(ex.Message, ex); }
    }

    public override void Write(Utf8JsonWriter writer, ModelStage value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
