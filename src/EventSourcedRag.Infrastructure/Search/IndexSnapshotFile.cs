using EventSourcedRag.Infrastructure.Platform.EventStore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Search;

/// <summary>
/// The on-disk snapshot of this host's search indexes: one file per schema, written atomically (temporary file,
/// then rename). The header ties it to the event it includes, so a snapshot of another or a reset log is ignored.
/// A relative <see cref="RetrievalOptions.SnapshotFolder"/> is under the host's content root (the folder it was
/// published to), so where the snapshot lands does not depend on the directory the process was started from.
/// </summary>
public sealed class IndexSnapshotFile(IOptions<RetrievalOptions> retrieval, IOptions<StorageOptions> storage, IHostEnvironment environment)
{
    private const string Magic = "esrag-index-snapshot";
    private const int FormatVersion = 3; // 2: fit points of the LSA encoder; 3: each tenant's encoder version

    public string? FilePath => string.IsNullOrWhiteSpace(retrieval.Value.SnapshotFolder) ? null
        : Path.Combine(environment.ContentRootPath, retrieval.Value.SnapshotFolder, $"{storage.Value.Schema}.idx");

    public void Write(SearchIndexes indexes, DocumentIndexProjector projector, Guid lastEventId)
    {
        var path = FilePath ?? throw new InvalidOperationException("Retrieval:SnapshotFolder is not set.");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var w = new BinaryWriter(stream))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(indexes.Fingerprint);
            w.Write(indexes.Position);
            w.Write(lastEventId.ToByteArray());
            projector.Write(w);
            indexes.Write(w);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads the header; null when there is no usable snapshot for these settings.</summary>
    public (long Position, Guid LastEventId, BinaryReader Body)? Open(string fingerprint)
    {
        if (FilePath is not { } path || !File.Exists(path)) return null;
        var r = new BinaryReader(File.OpenRead(path));
        try
        {
            if (r.ReadString() != Magic || r.ReadInt32() != FormatVersion || r.ReadString() != fingerprint)
            {
                r.Dispose();
                return null;
            }
            return (r.ReadInt64(), new Guid(r.ReadBytes(16)), r);
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException)
        {
            r.Dispose();
            return null;
        }
    }
}
