using System.Security.Cryptography;
using System.Text;

namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>
/// An encoder's bytes and vocabulary, loaded and checked: from a package's resources (<see cref="PretrainedEncoders"/>)
/// or from a folder holding model.onnx and vocab.txt. A missing or corrupt model stops start-up with an error that
/// names the setting to fix.
/// </summary>
public sealed record EncoderModel(EncoderSpec Spec, byte[] Onnx, IReadOnlyList<string> Vocabulary, string Sha256)
{
    /// <summary>Identifies the encoder exactly (model bytes, pooling, length); stored on every vector and every response.</summary>
    public string Version => $"{Spec.Name}@sha256:{Sha256}/{Spec.Pooling.ToString().ToLowerInvariant()}/{Spec.MaxLength}";

    public static EncoderModel FromPackage(PretrainedEncoder encoder, int? maxLength = null)
    {
        var onnx = ReadResource(encoder, "model.onnx");
        var sha = Convert.ToHexStringLower(SHA256.HashData(onnx));
        if (sha != encoder.ModelSha256)
            throw new InvalidDataException($"Embedding:Model {encoder.Spec.Name}: the packaged model's SHA-256 is {sha}, not the expected {encoder.ModelSha256}; the package is corrupt or another version.");
        var spec = maxLength is { } m ? encoder.Spec with { MaxLength = m } : encoder.Spec;
        return new EncoderModel(spec, onnx, ReadVocabulary(new MemoryStream(ReadResource(encoder, "vocab.txt"))), sha);
    }

    public static EncoderModel FromFolder(string folder, EncoderSpec spec)
    {
        var modelPath = Path.Combine(folder, "model.onnx");
        var vocabPath = Path.Combine(folder, "vocab.txt");
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"Embedding:ModelFolder: no ONNX model at {modelPath}.", modelPath);
        if (!File.Exists(vocabPath)) throw new FileNotFoundException($"Embedding:ModelFolder: no WordPiece vocabulary at {vocabPath}.", vocabPath);
        var onnx = File.ReadAllBytes(modelPath);
        using var vocab = File.OpenRead(vocabPath);
        return new EncoderModel(spec, onnx, ReadVocabulary(vocab), Convert.ToHexStringLower(SHA256.HashData(onnx)));
    }

    private static byte[] ReadResource(PretrainedEncoder encoder, string file)
    {
        var name = $"{encoder.ResourcePrefix}.{file}";
        using var stream = encoder.Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidDataException($"Embedding:Model {encoder.Spec.Name}: the assembly {encoder.Assembly.GetName().Name} has no resource {name}.");
        var buffer = new MemoryStream(stream.CanSeek ? (int)stream.Length : 0);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    // One token a line; the packages' files end lines with CRLF, the reference files with LF.
    private static List<string> ReadVocabulary(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var tokens = new List<string>();
        while (reader.ReadLine() is { } line) tokens.Add(line.TrimEnd('\r'));
        while (tokens.Count > 0 && tokens[^1].Length == 0) tokens.RemoveAt(tokens.Count - 1);
        return tokens;
    }
}
