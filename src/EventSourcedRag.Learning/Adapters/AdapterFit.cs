namespace EventSourcedRag.Learning.Adapters;

/// <summary>What training produced: the map, and the mean weighted loss of each epoch (the first is before any step took effect on it).</summary>
public sealed record AdapterFit(LinearAdapter Adapter, IReadOnlyList<double> EpochLosses, int Examples);
