using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Configuration;
using EventSourcedRag.Infrastructure.Documents;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Encoders;
using EventSourcedRag.Infrastructure.EventStore;
using EventSourcedRag.Infrastructure.Experiments;
using EventSourcedRag.Infrastructure.Feedback;
using EventSourcedRag.Infrastructure.Generation;
using EventSourcedRag.Infrastructure.Ingestion;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Messaging;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Observability;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.ReadModels;
using EventSourcedRag.Infrastructure.ReadModels.Export;
using EventSourcedRag.Infrastructure.Retention;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Infrastructure.Training;
using EventSourcedRag.Retrieval.Answering;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Ranking;
using JasperFx.Events.Daemon;
using Marten;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Hosting;

/// <summary>Wires the application for a host: options (validated now), the event store, messaging, search and the command services.</summary>
public static class ServiceRegistration
{
    /// <param name="environment">The host's environment name: outside Development, published or missing secrets stop the start.</param>
    public static IServiceCollection AddEventSourcedRag(this IServiceCollection services, IConfiguration configuration, HostRoles roles, string environment)
    {
        var storage = Bind<StorageOptions>(configuration, StorageOptions.Section);
        storage.ConnectionString = configuration.GetConnectionString("Postgres") ?? storage.ConnectionString;
        var messaging = Bind<MessagingOptions>(configuration, MessagingOptions.Section);
        messaging.ConnectionString = configuration.GetConnectionString("RabbitMq") ?? messaging.ConnectionString;
        var ingestion = Bind<IngestionOptions>(configuration, IngestionOptions.Section);
        var retrieval = Bind<RetrievalOptions>(configuration, RetrievalOptions.Section);
        var generator = Bind<GeneratorOptions>(configuration, GeneratorOptions.Section);
        var privacy = Bind<PrivacyOptions>(configuration, PrivacyOptions.Section);
        var feedback = Bind<FeedbackOptions>(configuration, FeedbackOptions.Section);
        var learning = Bind<LearningOptions>(configuration, LearningOptions.Section);
        var experiments = ExperimentOptions.From(configuration);
        var audit = Bind<AuditOptions>(configuration, AuditOptions.Section);
        var retention = Bind<RetentionOptions>(configuration, RetentionOptions.Section);
        var embedding = Bind<EmbeddingOptions>(configuration, EmbeddingOptions.Section);
        retrieval.DenseWeight ??= embedding.TunedDenseWeight;

        var development = environment == "Development";
        var secrets = SecretSettings.ReadFiles(privacy, audit).ToList();
        // No secret is committed: a Development host without one uses this machine's own set (never outside Development).
        var developmentSecrets = development && secrets.Count == 0 ? DevelopmentSecrets.Fill(privacy, audit) : null;
        secrets.AddRange(SecretSettings.Validate(privacy, audit, development));
        if (secrets.Count > 0) secrets.Add(SecretSettings.Hint);
        var problems = secrets.Concat(storage.Validate()).Concat(ingestion.Validate()).Concat(retrieval.Validate()).Concat(generator.Validate()).Concat(feedback.Validate()).Concat(learning.Validate()).Concat(experiments.Validate()).Concat(audit.Validate()).Concat(retention.Validate()).Concat(embedding.Validate())
            .Concat(roles.HasFlag(HostRoles.Worker) ? messaging.Validate() : []).ToList();
        if (problems.Count > 0) throw new InvalidConfiguration(problems);

        services.AddSingleton(Options.Create(storage));
        services.AddSingleton(Options.Create(messaging));
        services.AddSingleton(Options.Create(ingestion));
        services.AddSingleton(Options.Create(retrieval));
        services.AddSingleton(Options.Create(privacy));
        services.AddSingleton(Options.Create(feedback));
        services.AddSingleton(Options.Create(learning));
        services.AddSingleton(Options.Create(experiments));
        services.AddSingleton(Options.Create(audit));
        services.AddSingleton(Options.Create(retention));
        services.AddSingleton<RetentionJob>();
        if (developmentSecrets is not null) services.AddHostedService(sp => new DevelopmentSecretsNotice(developmentSecrets, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DevelopmentSecretsNotice>>()));
        services.AddSingleton<CheckpointKeys>();
        services.AddSingleton<AuditChain>();
        services.AddSingleton<MasterKeyRotation>();
        services.AddSingleton<UserHasher>();
        services.AddSingleton<SubjectKeys>();
        services.AddSingleton<PersonalData>();
        services.AddSingleton<SubjectErasure>();
        services.AddSingleton<HistoricalState>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Telemetry>();

        // What serving is made of, for every host: the API and the worker serve and gate with it, and an auditor's
        // replay (any host, the CLI too) recomputes past answers with it.
        services.AddEmbeddings(embedding);
        services.AddEncoderSwitch(configuration, drives: roles.HasFlag(HostRoles.Worker));
        services.AddAnswerGenerator(generator);
        services.AddSingleton<IReranker>(_ => retrieval.RerankerWeights is { Count: > 0 } weights
            ? new LinearReranker(weights)
            : new LinearReranker(LinearReranker.DefaultWeights));
        services.AddSingleton(sp => new QueryReplay(sp.GetRequiredService<EventLogReader>(), sp.GetRequiredService<ReadModelRebuilder>(),
            sp.GetRequiredService<EventSessions>(), sp.GetRequiredService<PersonalData>(), sp.GetRequiredService<UserHasher>(),
            sp.GetRequiredService<ModelArtifactStore>(), sp.GetRequiredService<IReranker>(), sp.GetRequiredService<AnswerStage>(),
            sp.GetRequiredService<IOptions<RetrievalOptions>>(), sp.GetRequiredService<IOptions<FeedbackOptions>>(), sp.GetService<IEmbedder>(),
            sp.GetRequiredService<ChunkVectorStore>(), sp.GetRequiredService<EncoderLibrary>()));

        var marten = services.AddMarten(_ =>
            {
                var o = new StoreOptions();
                MartenRegistration.Configure(o, storage);
                return o;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
        services.AddSingleton<EventSessions>();
        services.AddSingleton<ChunkVectorStore>();
        services.AddSingleton<ReadModelCatalog>();
        services.AddSingleton<ReadModelStore>();
        services.AddSingleton<EventLogReader>();
        services.AddSingleton<ReadModelRebuilder>();
        services.AddSingleton<IncrementalHeadFold>();
        services.AddSingleton<LiveReadModels>();
        services.AddSingleton<ProjectionStatus>();
        services.AddSingleton<QueryLogSearch>();
        services.AddSingleton<TrainingSetExporter>();
        services.AddSingleton<ModelArtifactStore>();
        services.AddSingleton<RerankerTraining>();
        services.AddSingleton<ModelDeployment>();
        services.AddSingleton<TrainingRequests>();
        services.AddSingleton<ExperimentService>();
        services.AddSingleton<Access.ApiKeys>();

        // The search side: the API answers from it, and the worker trains query adapters in its dense space and
        // gates candidates by ranking as they would serve, so each keeps its own index fed from the log.
        if (roles.HasFlag(HostRoles.Api) || roles.HasFlag(HostRoles.Worker))
        {
            services.AddSingleton(sp => new SearchIndexes(sp.GetRequiredService<IOptions<RetrievalOptions>>(), sp.GetService<IEmbedder>(), sp.GetRequiredService<EncoderLibrary>().For));
            services.AddSingleton<IChunkVectorSource>(sp => sp.GetRequiredService<ChunkVectorStore>());
            services.AddSingleton<IndexSnapshotFile>();
            services.AddSingleton<EventLogIndexFeeder>();
            services.AddHostedService(sp => sp.GetRequiredService<EventLogIndexFeeder>());
            services.AddSingleton(sp => new FeedbackPriors(feedback.PriorResponseWindow, feedback.MaxPriorEntries, feedback.Memory));
            services.AddSingleton<ServingModels>();
            services.AddSingleton<ServingStateFeeder>();
            services.AddHostedService(sp => sp.GetRequiredService<ServingStateFeeder>());
            services.AddSingleton(sp => new QueryPlanner(sp.GetRequiredService<SearchIndexes>(), sp.GetRequiredService<ServingModels>(),
                sp.GetRequiredService<FeedbackPriors>(), sp.GetRequiredService<IReranker>(), sp.GetRequiredService<IOptions<RetrievalOptions>>().Value));
            services.AddSingleton<QueryService>();
            services.AddSingleton<HeldOutReplay>();
            services.AddSingleton<QueryAdapterTraining>();
            services.AddSingleton<QueryExpansionTraining>();
            services.AddSingleton<ModelTrainers>();
        }

        if (roles.HasFlag(HostRoles.Api))
        {
            services.AddSingleton<DocumentIntake>();
            services.AddSingleton<QueryTimeline>();
            services.AddSingleton<FeedbackWriter>();
            services.AddSingleton<FeedbackBatcher>();
            services.AddSingleton<FeedbackUserLimits>();
            services.AddSingleton<FeedbackService>();
        }

        // Exactly one process may run the daemon (see the Solo note below); extra workers set Hosting:RunDaemon=false.
        if (roles.HasFlag(HostRoles.Worker) && configuration.GetValue("Hosting:RunDaemon", true))
        {
            // Solo, not HotCold: the daemon was built and measured with one worker running it (leader election was out
            // of reach while Patched.DistributedLock.Postgres was a stand-in). Run the daemon in one worker.
            marten.AddAsyncDaemon(DaemonMode.Solo)
                .AddSubscriptionWithServices<IngestionDispatcher>(ServiceLifetime.Singleton)
                .AddSubscriptionWithServices<EmbeddingDispatcher>(ServiceLifetime.Singleton)
                .AddSubscriptionWithServices<TrainingDispatcher>(ServiceLifetime.Singleton)
                .AddSubscriptionWithServices<ReadModelSubscription>(ServiceLifetime.Singleton)
                .AddSubscriptionWithServices<ErasureSubscription>(ServiceLifetime.Singleton);
            services.AddHostedService<ReadModelCatchUp>();
        }

        if (roles.HasFlag(HostRoles.Worker))
        {
            services.AddSingleton<DocumentProcessor>();
            // Merges the chunks of concurrently embedded documents; waits 5 ms for others to join, a fraction of one forward pass.
            services.AddSingleton(_ => new EmbeddingBatcher(embedding.StageBatchChunks, TimeSpan.FromMilliseconds(5)));
            services.AddSingleton<ChunkEmbedder>();
            services.AddSingleton<EmbeddingStage>();
            services.AddHostedService<TrainingSchedule>();
            services.AddHostedService<RolloutSchedule>();
            services.AddSingleton<AuditChainWriter>();
            services.AddHostedService(sp => sp.GetRequiredService<AuditChainWriter>());
            if (retention.Enabled) services.AddHostedService<RetentionScheduler>();
        }

        var subscribesToServing = roles.HasFlag(HostRoles.Api) && messaging.BroadcastServing;
        // Readiness asks the broker in every host; the queue-depth gauge is sampled where messaging is in use.
        services.AddSingleton<BrokerProbe>();
        if (roles.HasFlag(HostRoles.Worker) || subscribesToServing) services.AddHostedService(sp => sp.GetRequiredService<BrokerProbe>());
        if (roles.HasFlag(HostRoles.Worker) || subscribesToServing)
        {
            services.AddSingleton<IServingBroadcast, RabbitServingBroadcast>();
            services.AddMassTransit(x =>
            {
                // MassTransit reports usage to its vendor by default; a service holding personal data calls out to no one.
                x.DisableUsageTelemetry();
                if (roles.HasFlag(HostRoles.Worker))
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
                    if (roles.HasFlag(HostRoles.Worker))
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
                    // Every replica its own temporary queue, bound to the ServingChanged exchange: each gets every change.
                    if (subscribesToServing)
                        cfg.ReceiveEndpoint(new TemporaryEndpointDefinition(), e => e.ConfigureConsumer<ServingChangedConsumer>(context));
                });
            });
        }
        else services.AddSingleton<IServingBroadcast, PollingOnlyServingBroadcast>();
        return services;
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

    private static T Bind<T>(IConfiguration configuration, string section) where T : new() =>
        configuration.GetSection(section).Get<T>() ?? new T();
}
