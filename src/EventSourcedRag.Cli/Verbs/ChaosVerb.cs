using System.CommandLine;
using EventSourcedRag.Cli.Chaos;

namespace EventSourcedRag.Cli.Verbs;

public static class ChaosVerb
{
    public static Command Create()
    {
        var scenario = new Option<string[]>("--scenario")
        {
            Description = $"Scenarios to run, in order (default: all): {string.Join(", ", ChaosSuite.All)}", AllowMultipleArgumentsPerToken = true,
        };
        var seconds = new Option<int>("--seconds") { Description = "Load per scenario; the fault strikes a third of the way in", DefaultValueFactory = _ => 15 };
        var json = new Option<bool>("--json") { Description = "Print every scenario's counts and checks as one JSON array on the last line" };
        var command = new Command("chaos",
            "Fault suite on loopback: kill -9 of the API and of the worker, PostgreSQL and RabbitMQ restarted, poison and redelivered messages,\n" +
            "all under client load; checks every acknowledged request against the store. Exit code 1 when a check fails.\n" +
            "Example: esrag chaos --scenario kill-api kill-worker --seconds 15")
        {
            scenario, seconds, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var chosen = parse.GetValue(scenario) is { Length: > 0 } s ? s.SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray() : ChaosSuite.All;
            if (chosen.FirstOrDefault(c => !ChaosSuite.All.Contains(c)) is { } unknown)
                throw new ArgumentException($"--scenario: unknown scenario '{unknown}'; known: {string.Join(", ", ChaosSuite.All)}.");
            if (parse.GetValue(seconds) is < 6 or > 600) throw new ArgumentException("--seconds must be between 6 and 600.");
            return await new ChaosSuite(new ChaosSettings(chosen, parse.GetValue(seconds), parse.GetValue(json))).RunAsync(ct);
        });
        return command;
    }
}
