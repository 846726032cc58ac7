namespace EventSourcedRag.Cli.Chaos;

public sealed record ChaosSettings(IReadOnlyList<string> Scenarios, int Seconds, bool Json);
