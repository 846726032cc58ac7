using System.CommandLine;
using System.Text.Json;

namespace EventSourcedRag.Cli.Hosting;

/// <summary>What --json prints: one object on one line, snake_case as the HTTP API names fields.</summary>
public static class CliJson
{
    public static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The --json option every verb that reports something has, described the same way everywhere.</summary>
    public static Option<bool> Option(string what = "the result") => new("--json") { Description = $"Print {what} as one JSON object on the last line, for scripts" };

    public static void Print(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, SnakeCase));
}
