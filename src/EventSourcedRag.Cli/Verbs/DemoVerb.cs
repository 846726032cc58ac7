using System.CommandLine;
using EventSourcedRag.Cli.Demo;
using EventSourcedRag.Cli.Hosting;

namespace EventSourcedRag.Cli.Verbs;

public static class DemoVerb
{
    public static Command Create()
    {
        var schema = new Option<string>("--schema") { Description = "PostgreSQL schema the demo recreates and fills", DefaultValueFactory = _ => "esrag_demo" };
        var json = CliJson.Option("the figures of the report");
        var command = new Command("demo", "Ingest the sample handbook, ask its questions, record simulated feedback and report (starts from an empty schema).\nExample: esrag demo") { schema, json };
        command.SetAction((parse, ct) =>
        {
            var name = parse.GetValue(schema)!;
            if (!name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
                throw new ArgumentException("--schema must be lower-case letters, digits and underscores.");
            return new DemoRunner(name, Path.Combine(AppContext.BaseDirectory, "samples"), parse.GetValue(json)).RunAsync(ct);
        });
        return command;
    }
}
