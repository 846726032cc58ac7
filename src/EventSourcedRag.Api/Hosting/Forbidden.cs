namespace EventSourcedRag.Api.Hosting;

/// <summary>The caller's role may not do this.</summary>
public sealed class Forbidden(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
