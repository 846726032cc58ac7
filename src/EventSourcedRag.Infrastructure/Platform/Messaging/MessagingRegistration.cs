using EventSourcedRag.Infrastructure.Encoders;
using EventSourcedRag.Infrastructure.Ingestion;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Infrastructure.Training;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedRag.Infrastructure.Platform.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// RabbitMQ where a host uses it: the worker's work queues, and each API replica's subscription to serving changes
    /// (where it has none, serving changes are only polled). Readiness asks the broker in every host.
    /// </summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services, MessagingOptions messaging, HostRoles roles)
    {
        var worker = roles.HasFlag(HostRoles.Worker);
        var subscribesToServing = roles.HasFlag(HostRoles.Api) && messaging.BroadcastServing;
        services.AddSingleton<BrokerProbe>();
        if (!worker && !subscribesToServing) return services.AddSingleton<IServingBroadcast, PollingOnlyServingBroadcast>();

        // The queue-depth gauge is sampled where messaging is in use.
        services.AddHostedService(sp => sp.GetRequiredService<BrokerProbe>());
        services.AddSingleton<IServingBroadcast, RabbitServingBroadcast>();
        services.AddMassTransit(x =>
        {
            // MassTransit reports usage to its vendor by default; a service holding personal data calls out to no one.
            x.DisableUsageTelemetry();
            if (worker)
            {
                x.AddConsumer<DocumentAcceptedConsumer>();
                x.AddConsumer<DocumentChunkedConsumer>();
                x.AddConsumer<ReembedDocumentsConsumer>();
                x.AddConsumer<TrainModelConsumer>();
            }
            if (subscribesToServing) x.AddConsumer<ServingChangedConsumer>();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(messaging.ConnectionString));
                if (worker) WorkerQueues(cfg, context, messaging);
                // Every replica its own temporary queue, bound to the ServingChanged exchange: each gets every change.
                if (subscribesToServing)
                    cfg.ReceiveEndpoint(new TemporaryEndpointDefinition(), e => e.ConfigureConsumer<ServingChangedConsumer>(context));
            });
        });
        return services;
    }

    private static void WorkerQueues(IRabbitMqBusFactoryConfigurator cfg, IBusRegistrationContext context, MessagingOptions messaging)
    {
        cfg.ReceiveEndpoint(messaging.IngestQueue, e =>
        {
            WorkQueue(e, messaging, messaging.ConsumerConcurrency);
            e.ConfigureConsumer<DocumentAcceptedConsumer>(context);
        });
        cfg.ReceiveEndpoint(messaging.EmbedQueueName, e =>
        {
            // A chunk the encoder cannot embed is recorded as failed and dead-lettered at once.
            WorkQueue(e, messaging, messaging.EmbedConcurrency, r => r.Ignore<EmbeddingFailed>());
            e.ConfigureConsumer<DocumentChunkedConsumer>(context);
            e.ConfigureConsumer<ReembedDocumentsConsumer>(context);
        });
        // One training at a time per worker, never retried: a failure is recorded on the request instead.
        cfg.ReceiveEndpoint(messaging.TrainingQueueName, e =>
        {
            e.AutoDelete = messaging.TemporaryQueues;
            e.ConcurrentMessageLimit = 1;
            e.PrefetchCount = 1;
            e.ConfigureConsumer<TrainModelConsumer>(context);
        });
    }

    // A store that went away (restart, failover) is waited out for minutes rather than dead-lettering every message
    // in flight; anything else is a poison message after RetryLimit quick retries (fewer where the stage says so).
    private static void WorkQueue(IRabbitMqReceiveEndpointConfigurator e, MessagingOptions messaging, int concurrency, Action<IRetryConfigurator>? poison = null)
    {
        e.AutoDelete = messaging.TemporaryQueues;
        e.ConcurrentMessageLimit = concurrency;
        e.PrefetchCount = concurrency * 2;
        e.UseMessageRetry(r =>
        {
            r.Exponential(messaging.StoreRetryLimit, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
            r.Handle<Exception>(StoreFailures.Unreachable);
        });
        e.UseMessageRetry(r =>
        {
            r.Incremental(messaging.RetryLimit, messaging.RetryInterval, messaging.RetryInterval);
            r.Ignore<Exception>(StoreFailures.Unreachable);
            poison?.Invoke(r);
        });
    }
}
