namespace EventSourcedRag.Domain.Models;

/// <summary>Put a model that served before back in service because <paramref name="RolledBackVersion"/>, which replaced it, was rolled back.</summary>
public sealed record RestoreModel(string ModelVersion, string RolledBackVersion, DateTimeOffset Now);
