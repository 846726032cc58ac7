using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Experiments;
using EventSourcedRag.Infrastructure.Feedback;
using EventSourcedRag.Infrastructure.Generation;
using EventSourcedRag.Infrastructure.Ingestion;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Messaging;
using EventSourcedRag.Infrastructure.Platform.Secrets;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Retention;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Infrastructure.Training;
using Microsoft.Extensions.Configuration;

namespace EventSourcedRag.Infrastructure.Platform.Hosting;

/// <summary>Every section a host binds, read and validated together, so one start names every bad setting at once.</summary>
public sealed record HostSettings(StorageOptions Storage, MessagingOptions Messaging, IngestionOptions Ingestion, RetrievalOptions Retrieval,
    GeneratorOptions Generator, PrivacyOptions Privacy, FeedbackOptions Feedback, LearningOptions Learning, ExperimentOptions Experiments,
    AuditOptions Audit, RetentionOptions Retention, EmbeddingOptions Embedding, string? DevelopmentSecretsFile)
{
    /// <exception cref="InvalidConfiguration">A setting is missing or wrong; the message lists every one.</exception>
    public static HostSettings Read(IConfiguration configuration, HostRoles roles, string environment)
    {
        var storage = Bind<StorageOptions>(configuration, StorageOptions.Section);
        storage.ConnectionString = configuration.GetConnectionString("Postgres") ?? storage.ConnectionString;
        var messaging = Bind<MessagingOptions>(configuration, MessagingOptions.Section);
        messaging.ConnectionString = configuration.GetConnectionString("RabbitMq") ?? messaging.ConnectionString;
        var settings = new HostSettings(storage, messaging, Bind<IngestionOptions>(configuration, IngestionOptions.Section),
            Bind<RetrievalOptions>(configuration, RetrievalOptions.Section), Bind<GeneratorOptions>(configuration, GeneratorOptions.Section),
            Bind<PrivacyOptions>(configuration, PrivacyOptions.Section), Bind<FeedbackOptions>(configuration, FeedbackOptions.Section),
            Bind<LearningOptions>(configuration, LearningOptions.Section), ExperimentOptions.From(configuration),
            Bind<AuditOptions>(configuration, AuditOptions.Section), Bind<RetentionOptions>(configuration, RetentionOptions.Section),
            Bind<EmbeddingOptions>(configuration, EmbeddingOptions.Section), DevelopmentSecretsFile: null);
        settings.Retrieval.DenseWeight ??= settings.Embedding.TunedDenseWeight;

        var development = environment == "Development";
        var secrets = SecretSettings.ReadFiles(settings.Privacy, settings.Audit).ToList();
        // No secret is committed: a Development host without one uses this machine's own set (never outside Development).
        var developmentSecrets = development && secrets.Count == 0 ? DevelopmentSecrets.Fill(settings.Privacy, settings.Audit) : null;
        secrets.AddRange(SecretSettings.Validate(settings.Privacy, settings.Audit, development));
        if (secrets.Count > 0) secrets.Add(SecretSettings.Hint);
        var problems = secrets.Concat(settings.Problems(roles)).ToList();
        if (problems.Count > 0) throw new InvalidConfiguration(problems);
        return settings with { DevelopmentSecretsFile = developmentSecrets };
    }

    private IEnumerable<string> Problems(HostRoles roles) =>
        Storage.Validate().Concat(Ingestion.Validate()).Concat(Retrieval.Validate()).Concat(Generator.Validate()).Concat(Feedback.Validate())
            .Concat(Learning.Validate()).Concat(Experiments.Validate()).Concat(Audit.Validate()).Concat(Retention.Validate()).Concat(Embedding.Validate())
            .Concat(roles.HasFlag(HostRoles.Worker) ? Messaging.Validate() : []);

    private static T Bind<T>(IConfiguration configuration, string section) where T : new() =>
        configuration.GetSection(section).Get<T>() ?? new T();
}
