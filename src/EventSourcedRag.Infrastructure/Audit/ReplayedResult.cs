using EventSourcedRag.Domain.Queries;

namespace EventSourcedRag.Infrastructure.Audit;

/// <summary>One result of a replayed query, with each stage's score as the serving code computed it.</summary>
public sealed record ReplayedResult(int Position, Guid ChunkId, Guid DocumentId, int DocumentVersion, string Title, string Snippet, StageScores Scores);
