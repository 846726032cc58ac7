namespace EventSourcedRag.Infrastructure.Generation;

/// <summary>Which answer generator serves, and how a remote one is called. Section "Generator".</summary>
public sealed class GeneratorOptions
{
    public const string Section = "Generator";

    /// <summary>"extractive" (default: sentences of the sources, no model) or "openai" (any OpenAI-compatible chat-completions server).</summary>
    public string Kind { get; set; } = "extractive";

    /// <summary>Base address of the chat-completions API, e.g. http://localhost:11434/v1 (Ollama) or http://localhost:8000/v1 (vLLM).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Model name the server knows, e.g. llama3.1:8b.</summary>
    public string? Model { get; set; }

    /// <summary>Bearer key; local servers usually need none. Prefer the environment: Generator__ApiKey.</summary>
    public string? ApiKey { get; set; }

    /// <summary>One attempt's limit (the whole answer, streamed or not).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Further attempts after a failed one, only while nothing has been streamed to the client yet.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>Wait before the first retry; doubles for each next one.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Failed calls in a row that open the circuit: queries then get sources without an answer at once.</summary>
    public int FailureThreshold { get; set; } = 5;

    /// <summary>How long an open circuit refuses calls before one trial call may pass.</summary>
    public TimeSpan BreakFor { get; set; } = TimeSpan.FromSeconds(30);

    public float Temperature { get; set; }

    public int MaxOutputTokens { get; set; } = 400;

    /// <summary>Characters of each source's text put in the prompt.</summary>
    public int MaxSourceChars { get; set; } = 1500;

    public bool Remote => Kind == "openai";

    public IEnumerable<string> Validate()
    {
        if (Kind is not ("extractive" or "openai")) yield return "Generator:Kind must be extractive or openai.";
        if (!Remote) yield break;
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            yield return "Generator:Endpoint must be an absolute http(s) address when Generator:Kind is openai.";
        if (string.IsNullOrWhiteSpace(Model)) yield return "Generator:Model is required when Generator:Kind is openai.";
        if (Timeout < TimeSpan.FromMilliseconds(10) || Timeout > TimeSpan.FromMinutes(10)) yield return "Generator:Timeout must be between 10 ms and 10 minutes.";
        if (Retries is < 0 or > 10) yield return "Generator:Retries must be between 0 and 10.";
        if (RetryBackoff < TimeSpan.Zero || RetryBackoff > TimeSpan.FromMinutes(1)) yield return "Generator:RetryBackoff must be between 0 and 1 minute.";
        if (FailureThreshold < 1 || BreakFor <= TimeSpan.Zero) yield return "Generator:FailureThreshold must be at least 1 and Generator:BreakFor positive.";
        if (Temperature is < 0 or > 2) yield return "Generator:Temperature must be between 0 and 2.";
        if (MaxOutputTokens is < 1 or > 32768 || MaxSourceChars is < 100 or > 100_000) yield return "Generator:MaxOutputTokens must be 1 to 32768 and MaxSourceChars 100 to 100000.";
    }
}
