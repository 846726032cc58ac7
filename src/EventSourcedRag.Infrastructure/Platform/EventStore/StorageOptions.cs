using Npgsql;

namespace EventSourcedRag.Infrastructure.Platform.EventStore;

/// <summary>Where events and read models live. Section "Storage"; the connection string is ConnectionStrings:Postgres.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Npgsql connection string of the PostgreSQL database holding the event store.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>PostgreSQL schema for every table of this deployment; tests and evaluations use their own.</summary>
    public string Schema { get; set; } = "esrag";

    /// <summary>Tenant used when a request names none.</summary>
    public string DefaultTenant { get; set; } = "default";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString)) yield return "ConnectionStrings:Postgres is required.";
        else if (ConnectionStringProblem(ConnectionString) is { } problem) yield return $"ConnectionStrings:Postgres is not a valid connection string: {problem}";
        if (string.IsNullOrWhiteSpace(Schema) || !Schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            yield return "Storage:Schema must be lower-case letters, digits and underscores.";
        if (string.IsNullOrWhiteSpace(DefaultTenant)) yield return "Storage:DefaultTenant is required.";
    }

    // A malformed string or a misspelt keyword would otherwise surface as a stack trace when the store is first built.
    private static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (ArgumentException ex) { return ex.Message; }
    }
}
