using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Platform.Secrets;
using EventSourcedRag.Infrastructure.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Infrastructure.Privacy;

public static class PrivacyRegistration
{
    /// <summary>What keeps personal data sealed, erasable and retained no longer than its window, and the audit chain over all of it.</summary>
    /// <param name="developmentSecretsFile">Where a Development host found its machine's own secrets: said once at start.</param>
    public static IServiceCollection AddPrivacyAndAudit(this IServiceCollection services, string? developmentSecretsFile)
    {
        services.AddSingleton<RetentionJob>();
        if (developmentSecretsFile is not null)
            services.AddHostedService(sp => new DevelopmentSecretsNotice(developmentSecretsFile, sp.GetRequiredService<ILogger<DevelopmentSecretsNotice>>()));
        services.AddSingleton<CheckpointKeys>();
        services.AddSingleton<AuditChain>();
        services.AddSingleton<MasterKeyRotation>();
        services.AddSingleton<UserHasher>();
        services.AddSingleton<SubjectKeys>();
        services.AddSingleton<PersonalData>();
        services.AddSingleton<SubjectErasure>();
        services.AddSingleton<HistoricalState>();
        services.AddSingleton<QueryLogSearch>();
        return services;
    }
}
