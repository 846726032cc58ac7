using EventSourcedRag.Retrieval.Dense;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Embeddings;

public static class EmbeddingRegistration
{
    /// <summary>
    /// The configured encoder, loaded and checked when the host builds its services (a bad model stops start-up
    /// there, naming the setting). With "lsa" there is none: each collection fits its own.
    /// </summary>
    public static IServiceCollection AddEmbeddings(this IServiceCollection services, EmbeddingOptions options)
    {
        services.AddSingleton(Options.Create(options));
        if (!options.UsesPretrainedModel) return services;
        var model = options.LoadModel()!;
        services.AddSingleton(sp => new OnnxSentenceEmbedder(model, options.Runtime(), sp.GetService<ILoggerFactory>()?.CreateLogger<OnnxSentenceEmbedder>()));
        services.AddSingleton<IEmbedder>(sp => sp.GetRequiredService<OnnxSentenceEmbedder>());
        return services;
    }
}
