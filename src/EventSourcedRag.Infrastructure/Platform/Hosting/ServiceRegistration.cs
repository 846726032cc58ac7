using EventSourcedRag.Infrastructure.Access;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Documents;
using EventSourcedRag.Infrastructure.Experiments;
using EventSourcedRag.Infrastructure.Feedback;
using EventSourcedRag.Infrastructure.Ingestion;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Messaging;
using EventSourcedRag.Infrastructure.Platform.Observability;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Retention;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Infrastructure.Training;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Platform.Hosting;

/// <summary>
/// Wires the application for a host: its settings (validated now), then each capability's own registration, in the
/// order their background services start.
/// </summary>
public static class ServiceRegistration
{
    /// <param name="environment">The host's environment name: outside Development, published or missing secrets stop the start.</param>
    public static IServiceCollection AddEventSourcedRag(this IServiceCollection services, IConfiguration configuration, HostRoles roles, string environment)
    {
        var settings = HostSettings.Read(configuration, roles, environment);
        var (api, worker) = (roles.HasFlag(HostRoles.Api), roles.HasFlag(HostRoles.Worker));
        services.AddSettings(settings);
        services.AddPrivacyAndAudit(settings.DevelopmentSecretsFile);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Telemetry>();
        services.AddServingStages(configuration, settings.Embedding, settings.Generator, settings.Retrieval, drivesEncoderSwitch: worker);
        var marten = services.AddEventStore(settings.Storage);
        services.AddReadModels();
        services.AddLearning();
        services.AddSingleton<ApiKeys>();
        if (api || worker) services.AddSearch(settings.Feedback);
        if (api)
        {
            services.AddSingleton<DocumentIntake>();
            services.AddSingleton<QueryTimeline>();
            services.AddFeedbackIntake();
        }
        // Exactly one process may run the daemon (see the Solo note below); extra workers set Hosting:RunDaemon=false.
        if (worker && configuration.GetValue("Hosting:RunDaemon", true)) AddDaemon(services, marten);
        if (worker) AddWorkerStages(services, settings);
        return services.AddMessaging(settings.Messaging, roles);
    }

    private static void AddSettings(this IServiceCollection services, HostSettings settings)
    {
        services.AddSingleton(Options.Create(settings.Storage));
        services.AddSingleton(Options.Create(settings.Messaging));
        services.AddSingleton(Options.Create(settings.Ingestion));
        services.AddSingleton(Options.Create(settings.Retrieval));
        services.AddSingleton(Options.Create(settings.Privacy));
        services.AddSingleton(Options.Create(settings.Feedback));
        services.AddSingleton(Options.Create(settings.Learning));
        services.AddSingleton(Options.Create(settings.Experiments));
        services.AddSingleton(Options.Create(settings.Audit));
        services.AddSingleton(Options.Create(settings.Retention));
    }

    // Solo, not HotCold: the daemon was built and measured with one worker running it (leader election was out of
    // reach while Patched.DistributedLock.Postgres was a stand-in). Run the daemon in one worker.
    private static void AddDaemon(IServiceCollection services, MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        marten.AddAsyncDaemon(DaemonMode.Solo)
            .AddSubscriptionWithServices<IngestionDispatcher>(ServiceLifetime.Singleton)
            .AddSubscriptionWithServices<EmbeddingDispatcher>(ServiceLifetime.Singleton)
            .AddSubscriptionWithServices<TrainingDispatcher>(ServiceLifetime.Singleton)
            .AddSubscriptionWithServices<ReadModelSubscription>(ServiceLifetime.Singleton)
            .AddSubscriptionWithServices<ErasureSubscription>(ServiceLifetime.Singleton);
        services.AddHostedService<ReadModelCatchUp>();
    }

    private static void AddWorkerStages(IServiceCollection services, HostSettings settings)
    {
        services.AddIngestionStages(settings.Embedding);
        services.AddHostedService<TrainingSchedule>();
        services.AddHostedService<RolloutSchedule>();
        services.AddSingleton<AuditChainWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditChainWriter>());
        if (settings.Retention.Enabled) services.AddHostedService<RetentionScheduler>();
    }
}
