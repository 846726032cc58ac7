namespace EventSourcedRag.Cli.Chaos;

/// <summary>Words for documents and questions: enough overlap that queries find sources to give feedback on.</summary>
public static class ChaosCorpus
{
    public static readonly string[] Words =
    [
        "parking", "badge", "vacation", "payroll", "laptop", "network", "printer", "expense", "travel", "policy", "security", "password",
        "contract", "invoice", "office", "meeting", "schedule", "training", "benefit", "pension", "holiday", "leave", "request", "approval",
        "manager", "team", "project", "deadline", "budget", "report", "review", "access", "account", "support", "ticket", "server",
    ];
}
