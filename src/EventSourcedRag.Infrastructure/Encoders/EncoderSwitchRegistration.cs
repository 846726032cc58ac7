using EventSourcedRag.Infrastructure.Platform.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Encoders;

public static class EncoderSwitchRegistration
{
    /// <summary>Every host reads tenants' encoders; the worker also drives switches (<paramref name="drives"/>).</summary>
    public static IServiceCollection AddEncoderSwitch(this IServiceCollection services, IConfiguration configuration, bool drives)
    {
        var options = configuration.GetSection(EncoderSwitchOptions.Section).Get<EncoderSwitchOptions>() ?? new EncoderSwitchOptions();
        if (options.Validate().ToList() is { Count: > 0 } problems) throw new InvalidConfiguration(problems);
        services.AddSingleton(Options.Create(options));
        services.AddSingleton<TenantEncoders>();
        services.AddSingleton(sp => new EncoderSwitches(sp.GetRequiredService<TenantEncoders>(), sp.GetRequiredService<Ingestion.Embedding.ChunkVectorStore>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetService<Search.SearchIndexes>()));
        if (drives) services.AddHostedService<EncoderSwitchMonitor>();
        return services;
    }
}
