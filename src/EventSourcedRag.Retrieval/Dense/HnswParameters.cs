namespace EventSourcedRag.Retrieval.Dense;

/// <summary>HNSW settings.</summary>
/// <param name="M">Links per node on upper levels (twice as many on level 0).</param>
/// <param name="EfConstruction">Candidates considered when linking a new node.</param>
/// <param name="EfSearch">Candidates kept while searching; higher is slower and more exact.</param>
/// <param name="Seed">Seed of the level generator, so builds are reproducible.</param>
public sealed record HnswParameters(int M = 16, int EfConstruction = 200, int EfSearch = 128, int Seed = 42);
