namespace EventSourcedRag.Cli.Benchmarking;

/// <param name="Models">Encoders to compare: pretrained names, or "lsa".</param>
/// <param name="TuneDataset">Where the dense fusion weight is tuned (a training split, never the measured one).</param>
public sealed record EncoderBenchSettings(IReadOnlyList<string> Datasets, string Split, string TuneDataset, string TuneSplit, IReadOnlyList<string> Models,
    int ChunkTokens, int MaxLength, string Device, bool Json);
