using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedRag.Infrastructure.Feedback;

public static class FeedbackRegistration
{
    /// <summary>Feedback intake for the API: the caps, the group-commit batcher and the writer behind it.</summary>
    public static IServiceCollection AddFeedbackIntake(this IServiceCollection services)
    {
        services.AddSingleton<FeedbackWriter>();
        services.AddSingleton<FeedbackBatcher>();
        services.AddSingleton<FeedbackUserLimits>();
        services.AddSingleton<FeedbackService>();
        return services;
    }
}
