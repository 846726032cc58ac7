namespace EventSourcedRag.Learning.Statistics;

/// <summary>A sample-ratio check: the chi-square statistic of the observed counts against the planned split, and its p-value.</summary>
public sealed record SampleRatio(double ChiSquare, double PValue, int DegreesOfFreedom);
