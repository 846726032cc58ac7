using System.Text.Json;

namespace EventSourcedRag.Api.Hosting;

/// <summary>
/// A string PostgreSQL cannot store (it holds U+0000, which neither <c>text</c> nor <c>jsonb</c> accepts). Raised while
/// reading the request, so the caller gets a 400 naming the field instead of a 500 from the store.
/// </summary>
public sealed class UnstorableText(string? name = null) : JsonException("The value holds a NUL character (U+0000), which cannot be stored.")
{
    /// <summary>The field as the caller named it: a JSON path (set by the serializer), a query parameter or a form field.</summary>
    public string FieldName => name ?? Path ?? "$";

    public static bool Holds(string? value) => value?.Contains('\0') == true;
}
