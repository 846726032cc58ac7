namespace EventSourcedRag.Domain;

/// <summary>A command broke a business rule; <see cref="Code"/> is stable for clients, the message is for people.</summary>
public class DomainRuleViolated(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>The command addressed a stream that does not exist.</summary>
public sealed class StreamNotFound(string what, Guid id) : DomainRuleViolated("not_found", $"{what} {id} does not exist.")
{
    public Guid Id { get; } = id;
}
