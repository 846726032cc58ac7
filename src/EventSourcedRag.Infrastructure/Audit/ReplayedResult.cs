using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Feedback;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Retrieval.Answering;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Ranking;
using Marten;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Audit;

/// <summary>One result of a replayed query, with each stage's score as the serving code computed it.</summary>
public sealed record ReplayedResult(int Position, Guid ChunkId, Guid DocumentId, int DocumentVersion, string Title, string Snippet, StageScores Scores);
