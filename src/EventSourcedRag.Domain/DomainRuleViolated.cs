namespace EventSourcedRag.Domain;

/// <summary>A command broke a business rule; <see cref="Code"/> is stable for clients, the message is for people.</summary>
public class DomainRuleViolated(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
