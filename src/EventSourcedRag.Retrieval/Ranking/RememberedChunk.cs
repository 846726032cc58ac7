namespace EventSourcedRag.Retrieval.Ranking;

/// <summary>
/// A chunk earlier users of the same normalised question chose (seen-query memory), with the strength of that
/// choice: position-debiased, capped per user, decayed with the question's own traffic. The search core adds it
/// to the candidates even when neither retriever found it, so what users found once is found again.
/// </summary>
/// <param name="Score">In (0, 1]: clicks over expected examinations, smoothed, less the flags it drew.</param>
public readonly record struct RememberedChunk(Guid ChunkId, double Score);
