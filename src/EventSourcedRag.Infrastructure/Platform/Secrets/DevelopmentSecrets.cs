using System.Security.Cryptography;
using System.Text.Json;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Privacy;

namespace EventSourcedRag.Infrastructure.Platform.Secrets;

/// <summary>
/// Secrets for Development made on this machine instead of committed with the code: a published private key lets
/// anyone re-sign a rewritten audit chain. The first Development start that finds a secret unset generates a fresh
/// set into a file of the user's own (outside the repository, readable by the user only) and every later start,
/// the API, the worker, the CLI and the tests alike, reads the same set, so subject keys wrapped yesterday still
/// open and checkpoints signed by the API verify in <c>esrag audit verify</c>. Outside Development nothing is filled:
/// a missing secret stops the start (<see cref="SecretSettings"/>).
/// </summary>
public static class DevelopmentSecrets
{
    /// <summary>~/.config/esrag/development-secrets.json on Linux, %APPDATA%\esrag\… on Windows.</summary>
    public static string DefaultPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "esrag", "development-secrets.json");

    /// <summary>
    /// Fills every secret still unset from the machine's development file, creating the file first if there is none.
    /// Returns where the values came from (for the one log line saying so), or null when every secret was configured.
    /// A file that cannot be written (no home folder, read-only) leaves fresh values in memory for this process only.
    /// </summary>
    public static string? Fill(PrivacyOptions privacy, AuditOptions audit, string? path = null)
    {
        if (!string.IsNullOrEmpty(privacy.UserHashKey) && !string.IsNullOrEmpty(privacy.SubjectKeyMasterKey) && !string.IsNullOrWhiteSpace(audit.CheckpointKeyPem))
            return null;
        path ??= DefaultPath;
        var (set, source) = ReadOrCreate(path);
        if (string.IsNullOrEmpty(privacy.UserHashKey)) privacy.UserHashKey = set.UserHashKey;
        if (string.IsNullOrEmpty(privacy.SubjectKeyMasterKey)) privacy.SubjectKeyMasterKey = set.SubjectKeyMasterKey;
        if (string.IsNullOrWhiteSpace(audit.CheckpointKeyPem)) audit.CheckpointKeyPem = set.CheckpointKeyPem;
        return source;
    }

    /// <summary>A fresh set: 32 random bytes for each key, a new ECDSA P-256 key for checkpoints.</summary>
    public static SecretSet Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new SecretSet(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), key.ExportPkcs8PrivateKeyPem());
    }

    private static (SecretSet Set, string Source) ReadOrCreate(string path)
    {
        if (TryRead(path) is { } existing) return (existing, path);
        var fresh = Generate();
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            // Written aside, then moved into place without overwriting: two hosts starting at once (the API and a
            // test run) both end up with the set that landed first, never with two different ones.
            var temporary = path + "." + Environment.ProcessId + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var file = new FileStream(temporary, options)) JsonSerializer.Serialize(file, fresh);
            try { File.Move(temporary, path, overwrite: false); }
            catch (IOException) when (File.Exists(path)) { File.Delete(temporary); }
            return TryRead(path) is { } stored ? (stored, path) : (fresh, "memory (this process only)");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (fresh, $"memory (this process only; {path} cannot be written)");
        }
    }

    private static SecretSet? TryRead(string path)
    {
        try
        {
            if (!File.Exists(path)) return null;
            var set = JsonSerializer.Deserialize<SecretSet>(File.ReadAllText(path));
            return set is { UserHashKey.Length: > 0, SubjectKeyMasterKey.Length: > 0, CheckpointKeyPem.Length: > 0 } ? set : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The three secrets as the development file holds them.</summary>
    public sealed record SecretSet(string UserHashKey, string SubjectKeyMasterKey, string CheckpointKeyPem);
}
