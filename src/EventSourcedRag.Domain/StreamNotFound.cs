namespace EventSourcedRag.Domain;

/// <summary>The command addressed a stream that does not exist.</summary>
public sealed class StreamNotFound(string what, Guid id) : DomainRuleViolated("not_found", $"{what} {id} does not exist.")
{
    public Guid Id { get; } = id;
}
