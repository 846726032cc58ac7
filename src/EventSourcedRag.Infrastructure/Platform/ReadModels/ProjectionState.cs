namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

/// <param name="UpToDateSettings">False when the live target was built with other settings (e.g. signal weights) than the ones in force.</param>
public sealed record ProjectionState(string Name, string? LiveTarget, long Position, long Head, long Lag, bool UpToDateSettings, string Fingerprint, IReadOnlyList<TargetState> Targets);
