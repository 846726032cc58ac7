namespace EventSourcedRag.Learning.Gates;

/// <summary>The gate's verdict and why, in words an auditor can read.</summary>
public sealed record GateVerdict(bool Passed, string Reason);
