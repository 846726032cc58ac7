namespace EventSourcedRag.Domain.Models;

/// <summary>A model of a tenant as <see cref="ServingState"/> knows it.</summary>
/// <param name="ChangedAt">The fold step of its last change of placement: which model entered or left service last.</param>
public sealed record ServedModel(string Version, string Kind, ModelPlacement Placement, long ChangedAt);
