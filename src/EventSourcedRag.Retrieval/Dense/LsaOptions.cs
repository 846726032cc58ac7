namespace EventSourcedRag.Retrieval.Dense;

/// <summary>Settings of the corpus-fitted LSA encoder.</summary>
/// <param name="Dimensions">Latent dimensions kept (capped by corpus size).</param>
/// <param name="MaxVocabulary">Most frequent terms kept in the vocabulary.</param>
/// <param name="MinDocumentFrequency">Terms in fewer chunks than this are ignored (only for corpora of 50 chunks or more).</param>
/// <param name="PowerIterations">Subspace iterations of the randomized SVD; more is slower and more exact.</param>
/// <param name="Seed">Seed of the random projection, so fits are reproducible.</param>
/// <param name="MinDocuments">Below this many chunks no latent space worth searching exists, and dense retrieval stays off.</param>
/// <param name="MaxFitDocuments">Larger collections fit the encoder on an evenly spaced sample of this many chunks (all are embedded).</param>
public sealed record LsaOptions(int Dimensions = 256, int MaxVocabulary = 40000, int MinDocumentFrequency = 2, int PowerIterations = 3, int Seed = 17, int MinDocuments = 32,
    int MaxFitDocuments = 20_000);
