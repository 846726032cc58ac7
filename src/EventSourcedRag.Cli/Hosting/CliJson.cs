using System.Text.Json;

namespace EventSourcedRag.Cli.Hosting;

/// <summary>What --json prints: one object on one line, snake_case as the HTTP API names fields.</summary>
public static class CliJson
{
    public static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Print(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, SnakeCase));
}
