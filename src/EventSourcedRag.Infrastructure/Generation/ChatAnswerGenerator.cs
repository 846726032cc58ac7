using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using EventSourcedRag.Retrieval.Answering;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;

namespace EventSourcedRag.Infrastructure.Generation;

/// <summary>
/// Answers with a chat model behind any OpenAI-compatible chat-completions API (vLLM, Ollama, a hosted model),
/// through Microsoft.Extensions.AI. The model's text is held to the shown sources by <see cref="CitationCheck"/>
/// before it becomes the answer. Timeouts, retries and the circuit are <see cref="ResilientAnswerGenerator"/>'s.
/// </summary>
public sealed class ChatAnswerGenerator(IChatClient client, GeneratorOptions options, ILogger<ChatAnswerGenerator> logger) : IAnswerGenerator
{
    public string Name { get; } = $"chat:{options.Model}";

    /// <summary>A chat client for the configured server, without the SDK's own retries (ours decide when a retry is safe).</summary>
    public static IChatClient ClientFor(GeneratorOptions options, HttpClient http)
    {
        var sdk = new OpenAIClientOptions
        {
            Endpoint = new Uri(options.Endpoint!),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = options.Timeout,
            Transport = new HttpClientPipelineTransport(http),
        };
        // Local servers take any key; the SDK insists on one.
        var key = new ApiKeyCredential(string.IsNullOrWhiteSpace(options.ApiKey) ? "none" : options.ApiKey);
        return new OpenAI.Chat.ChatClient(options.Model!, key, sdk).AsIChatClient();
    }

    public async Task<GeneratedAnswer> GenerateAsync(string question, IReadOnlyList<AnswerSource> sources, double retrievalStrength, CancellationToken cancellationToken)
    {
        if (sources.Count == 0) return new GeneratedAnswer(ExtractiveAnswerGenerator.NoAnswer, [], 0);
        var response = await client.GetResponseAsync(ChatPrompt.Build(question, sources, options.MaxSourceChars), ChatOptions(), cancellationToken);
        return Checked(response.Text, sources, retrievalStrength);
    }

    public async Task<GeneratedAnswer> StreamAsync(string question, IReadOnlyList<AnswerSource> sources, double retrievalStrength,
        AnswerFragmentSink fragments, CancellationToken cancellationToken)
    {
        if (sources.Count == 0)
        {
            await fragments(ExtractiveAnswerGenerator.NoAnswer, cancellationToken);
            return new GeneratedAnswer(ExtractiveAnswerGenerator.NoAnswer, [], 0);
        }
        var text = new StringBuilder();
        await foreach (var update in client.GetStreamingResponseAsync(ChatPrompt.Build(question, sources, options.MaxSourceChars), ChatOptions(), cancellationToken))
        {
            if (string.IsNullOrEmpty(update.Text)) continue;
            text.Append(update.Text);
            await fragments(update.Text, cancellationToken);
        }
        return Checked(text.ToString(), sources, retrievalStrength);
    }

    private ChatOptions ChatOptions() => new() { Temperature = options.Temperature, MaxOutputTokens = options.MaxOutputTokens };

    // Confidence as the extractive generator weighs it: how much of the answer stands on a cited source, and how
    // strongly retrieval agreed on those sources.
    private GeneratedAnswer Checked(string text, IReadOnlyList<AnswerSource> sources, double retrievalStrength)
    {
        var result = CitationCheck.Check(text.Trim(), sources);
        if (result.Removed.Count > 0)
            logger.LogWarning("Generator {Generator} cited sources that were not shown ({Numbers}); the markers were removed", Name, string.Join(", ", result.Removed));
        var confidence = Math.Round(0.6 * result.Grounding + 0.4 * Math.Clamp(retrievalStrength, 0, 1), 4);
        return new GeneratedAnswer(result.Text, result.Citations, result.Citations.Count == 0 ? Math.Min(confidence, 0.2) : confidence);
    }
}
