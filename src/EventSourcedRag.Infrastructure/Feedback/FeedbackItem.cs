using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Infrastructure.Platform.EventStore;

namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>One signal to decide and store, with the metadata of the request that sent it and the sealing of its personal fields.</summary>
public sealed record FeedbackItem(RecordFeedback Command, EventMetadata Metadata, Func<object[], object[]> Seal);
