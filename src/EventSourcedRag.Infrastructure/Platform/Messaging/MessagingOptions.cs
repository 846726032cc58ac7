namespace EventSourcedRag.Infrastructure.Platform.Messaging;

/// <summary>RabbitMQ settings. Section "Messaging"; the broker address is ConnectionStrings:RabbitMq (amqp://user:pass@host:port/vhost).</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>AMQP URI of the broker.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Queue the ingestion worker consumes; its dead-letter queue is this name plus "_error".</summary>
    public string IngestQueue { get; set; } = "esrag-ingest";

    /// <summary>Queue the training worker consumes; by default the ingestion queue's name plus "-training".</summary>
    public string? TrainingQueue { get; set; }

    public string TrainingQueueName => string.IsNullOrWhiteSpace(TrainingQueue) ? IngestQueue + "-training" : TrainingQueue;

    /// <summary>Queue of the embedding stage; by default the ingestion queue's name plus "-embed".</summary>
    public string? EmbedQueue { get; set; }

    public string EmbedQueueName => string.IsNullOrWhiteSpace(EmbedQueue) ? IngestQueue + "-embed" : EmbedQueue;

    /// <summary>
    /// Documents one worker embeds at once. Their chunks are merged into one encoder call at a time
    /// (<c>EmbeddingBatcher</c>), so the store reads and writes of some overlap the forward pass of others; more
    /// throughput still comes from more worker processes on this queue.
    /// </summary>
    public int EmbedConcurrency { get; set; } = 8;

    /// <summary>
    /// The address to send to one of our queues. It must declare the queue exactly as its consumer does
    /// (auto-delete for temporary queues), or RabbitMQ refuses the mismatch.
    /// </summary>
    public Uri SendAddress(string queue) => new($"queue:{queue}" + (TemporaryQueues ? "?autodelete=true" : ""));

    /// <summary>Redeliveries of a failing message before it goes to the error queue.</summary>
    public int RetryLimit { get; set; } = 3;

    /// <summary>First retry delay; later ones grow linearly.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Redeliveries, with exponential back-off up to 30 s, of a message that failed because PostgreSQL could not be reached.</summary>
    public int StoreRetryLimit { get; set; } = 12;

    /// <summary>How long one send to the broker (publish and confirmation) may take before it is abandoned and tried again.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages the worker processes at once.</summary>
    public int ConsumerConcurrency { get; set; } = 8;

    /// <summary>Delete the ingestion queue when its last consumer disconnects; for tests and throw-away runs only.</summary>
    public bool TemporaryQueues { get; set; }

    /// <summary>
    /// API hosts subscribe to serving changes (a rollback, a deployment, a stage) over RabbitMQ, each on a queue of
    /// its own, and catch up at once instead of at their next poll. Off for command-line tools that only read.
    /// </summary>
    public bool BroadcastServing { get; set; } = true;

    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(ConnectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "rabbitmq"))
            yield return "ConnectionStrings:RabbitMq must be an amqp:// URI.";
        if (string.IsNullOrWhiteSpace(IngestQueue)) yield return "Messaging:IngestQueue is required.";
        if (RetryLimit is < 0 or > 20) yield return "Messaging:RetryLimit must be between 0 and 20.";
        if (StoreRetryLimit is < 0 or > 100) yield return "Messaging:StoreRetryLimit must be between 0 and 100.";
        if (SendTimeout < TimeSpan.FromMilliseconds(100) || SendTimeout > TimeSpan.FromMinutes(5)) yield return "Messaging:SendTimeout must be between 100 ms and 5 minutes.";
        if (ConsumerConcurrency is < 1 or > 256) yield return "Messaging:ConsumerConcurrency must be between 1 and 256.";
        if (EmbedConcurrency is < 1 or > 64) yield return "Messaging:EmbedConcurrency must be between 1 and 64.";
    }
}
