using System.Text;

namespace EventSourcedRag.Projections.ReadModels;

/// <summary>The snake_case name of an event type, as the event store and the API call it (SourceClicked → source_clicked).</summary>
public static class EventNames
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string> Names = new();

    public static string Of(object data) => OfType(data.GetType());

    public static string OfType(Type type) => Names.GetOrAdd(type, t =>
    {
        var b = new StringBuilder();
        foreach (var c in t.Name)
        {
            if (char.IsUpper(c) && b.Length > 0) b.Append('_');
            b.Append(char.ToLowerInvariant(c));
        }
        return b.ToString();
    });
}
