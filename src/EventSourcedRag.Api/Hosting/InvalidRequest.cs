namespace EventSourcedRag.Api.Hosting;

/// <summary>A request body that is well-formed JSON but does not say what the endpoint needs.</summary>
public sealed class InvalidRequest(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
