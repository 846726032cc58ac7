namespace EventSourcedRag.Retrieval.Dense;

/// <summary>Settings of the corpus-fitted LSA encoder.</summary>
/// <param name="Dimensions">Latent dimensions kept (capped by corpus size).</param>
/// <param name="MaxVocabulary">Most frequent terms kept in the vocabulary.</param>
/// <param name="MinDocumentFrequency">Terms in fewer chunks than this are ignored (only for corpora of 50 chunks or more).</param>
/// <param name="PowerIterations">Subspace iterations of the randomized SVD; more is slower and more exact.</param>
/// <param name="Seed">Seed of the random projection, so fits are reproducible.</param>
/// <param name="MinDocuments">Below this many chunks no latent space worth searching exists, and dense retrieval stays off.</param>
/// <param name="MaxFitDocuments">Larger collections fit the encoder on an evenly spaced sample of this many chunks (all are embedded).</param>
/// <param name="RefitAfterChange">The encoder is fitted again once chunks added or removed since its fit point reach this share of the chunks it was fitted on.</param>
/// <param name="BackgroundFitFrom">From this many chunks a fit is computed in the background while the previous encoder keeps serving; smaller ones at once.</param>
public sealed record LsaOptions(int Dimensions = 256, int MaxVocabulary = 40000, int MinDocumentFrequency = 2, int PowerIterations = 3, int Seed = 17, int MinDocuments = 32,
    int MaxFitDocuments = 20_000, double RefitAfterChange = 0.25, int BackgroundFitFrom = 2_000);
