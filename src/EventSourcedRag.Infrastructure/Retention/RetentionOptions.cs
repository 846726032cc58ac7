using EventSourcedRag.Domain.Access;

namespace EventSourcedRag.Infrastructure.Retention;

/// <summary>How long query streams are kept (<see cref="RetentionPolicy"/>). Section "Retention".</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Days a question that drew no feedback is kept; 0 keeps it indefinitely.</summary>
    public int QueriesDays { get; set; } = 90;

    /// <summary>Days a question that drew feedback (training data) is kept, with its feedback; 0 keeps it indefinitely.</summary>
    public int FeedbackDays { get; set; } = 365;

    /// <summary>How often the worker applies the policy; false in <see cref="Enabled"/> leaves it to 'esrag retention apply'.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);

    public bool Enabled { get; set; } = true;

    public RetentionWindows Windows => new(QueriesDays == 0 ? null : TimeSpan.FromDays(QueriesDays), FeedbackDays == 0 ? null : TimeSpan.FromDays(FeedbackDays));

    public IEnumerable<string> Validate()
    {
        if (QueriesDays < 0) yield return "Retention:QueriesDays must be 0 (indefinitely) or a number of days.";
        if (FeedbackDays < 0) yield return "Retention:FeedbackDays must be 0 (indefinitely) or a number of days.";
        if (Interval < TimeSpan.FromMinutes(1)) yield return "Retention:Interval must be at least a minute.";
    }
}
