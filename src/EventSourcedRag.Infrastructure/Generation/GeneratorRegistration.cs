using EventSourcedRag.Infrastructure.Platform.Observability;
using EventSourcedRag.Infrastructure.Platform.Resilience;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Retrieval.Answering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Generation;

public static class GeneratorRegistration
{
    public const string Dependency = "generator";

    /// <summary>The configured generator (extractive, or a chat model behind its timeouts, retries and circuit) and the answer stage that runs it.</summary>
    public static IServiceCollection AddAnswerGenerator(this IServiceCollection services, GeneratorOptions options)
    {
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(sp => new AnswerStage(sp.GetRequiredService<IAnswerGenerator>(), sp.GetRequiredService<IOptions<RetrievalOptions>>()));
        if (!options.Remote)
        {
            services.AddSingleton<IAnswerGenerator>(new ExtractiveAnswerGenerator());
            return services;
        }
        services.AddHttpClient(Dependency, http => http.Timeout = Timeout.InfiniteTimeSpan); // each attempt has its own limit
        services.AddSingleton<IAnswerGenerator>(sp =>
        {
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(Dependency);
            var chat = new ChatAnswerGenerator(ChatAnswerGenerator.ClientFor(options, http), options, sp.GetRequiredService<ILogger<ChatAnswerGenerator>>());
            var logger = sp.GetRequiredService<ILogger<ResilientAnswerGenerator>>();
            var circuit = ObservedCircuit.Create(Dependency, sp.GetRequiredService<TimeProvider>(), options.FailureThreshold, options.BreakFor,
                sp.GetRequiredService<Telemetry>(), logger);
            return new ResilientAnswerGenerator(chat, options, circuit, sp.GetRequiredService<TimeProvider>(), logger);
        });
        return services;
    }
}
