namespace EventSourcedRag.Cli.Benchmarking;

/// <param name="FeedbackBatchSize">Signals per POST /v1/feedback/batch in the batch run (0: no batch run).</param>
/// <param name="FeedbackBatchConcurrency">Clients posting batches at once.</param>
/// <param name="Encoders">Dense encoders measured side by side at each size: "lsa" (fitted by the host) or a pretrained
/// encoder, whose vectors are stored beforehand as the worker stores them (<see cref="StoredVectorPool"/>); a suffix
/// "@qN" sets Embedding:QueryThreads to N for that entry.</param>
/// <param name="Feedback">Whether the feedback phase runs (at the smallest size, with the first encoder).</param>
/// <param name="Restart">Whether each size ends with a restart from an index snapshot, timed beside the start from the log.</param>
public sealed record LoadBenchSettings(IReadOnlyList<int> Sizes, int Seconds, int Concurrency, int SaturationConcurrency, int FeedbackConcurrency, bool Json,
    int FeedbackBatchSize = 100, int FeedbackBatchConcurrency = 16, IReadOnlyList<string>? Encoders = null, bool Feedback = true, bool Restart = false);
