using EventSourcedRag.Retrieval.Dense;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Embeddings;

public static class EmbeddingRegistration
{
    /// <summary>
    /// The configured encoder, loaded and checked when first resolved, which in the API and the worker is at start (a
    /// bad model stops start-up there, naming the setting). With "lsa" there is none: each collection fits its own.
    /// </summary>
    public static IServiceCollection AddEmbeddings(this IServiceCollection services, EmbeddingOptions options)
    {
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(sp => new EncoderLibrary(options.Runtime(), sp.GetService<IEmbedder>()));
        if (!options.UsesPretrainedModel) return services;
        // Loaded when first resolved: at start in every host that searches or embeds (its index takes the encoder), never
        // in a verb that does neither, so `keys create` does not read and hash 90 MB.
        services.AddSingleton(sp => new OnnxSentenceEmbedder(options.LoadModel()!, options.Runtime(), sp.GetService<ILoggerFactory>()?.CreateLogger<OnnxSentenceEmbedder>()));
        services.AddSingleton<IEmbedder>(sp => sp.GetRequiredService<OnnxSentenceEmbedder>());
        return services;
    }
}
