namespace EventSourcedRag.Domain.Access;

/// <summary>What a caller may do. A key or token holds one or more of these; every endpoint names the ones it accepts.</summary>
public static class Roles
{
    /// <summary>Apps asking questions and sending feedback.</summary>
    public const string Client = "client";

    /// <summary>Documents, models, experiments, keys, erasure.</summary>
    public const string Admin = "admin";

    /// <summary>Read-only history, timelines and verification.</summary>
    public const string Auditor = "auditor";

    /// <summary>Exports and read-only statistics.</summary>
    public const string DataScientist = "data-scientist";

    public static readonly IReadOnlyList<string> All = [Client, Admin, Auditor, DataScientist];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
