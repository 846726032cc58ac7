namespace EventSourcedRag.Cli.Benchmarking;

public sealed record ProjectionBenchSettings(int Events, int LoadSeconds, int FeedbackPerSecond, bool Keep);
