using EventSourcedRag.Learning.Ranking;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>A labelled list and where it sits in the log (the held-out split is by time).</summary>
public sealed record LearningList(Guid ResponseId, string NormalizedQuery, long Sequence, LabelledList List);
