namespace EventSourcedRag.Infrastructure.Embeddings;

/// <param name="ModelFolder">Folder with model.onnx and vocab.txt (e.g. an exported all-MiniLM-L6-v2).</param>
/// <param name="MaxLength">Tokens per text including [CLS] and [SEP]; longer texts are truncated.</param>
/// <param name="BatchSize">Texts per ONNX Runtime call.</param>
/// <param name="Threads">Intra-op threads of the ONNX Runtime session.</param>
/// <param name="LowerCase">Lower-case before WordPiece, as uncased BERT vocabularies expect.</param>
public sealed record OnnxEmbedderOptions(string ModelFolder, int MaxLength = 256, int BatchSize = 32, int Threads = 1, bool LowerCase = true);
