namespace EventSourcedRag.Infrastructure.Platform.Hosting;

/// <summary>Settings that cannot work; thrown at start-up, listing every problem.</summary>
public sealed class InvalidConfiguration(IReadOnlyList<string> problems)
    : Exception("Invalid configuration: " + string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
