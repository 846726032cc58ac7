using System.Security.Cryptography;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Privacy;

namespace EventSourcedRag.Infrastructure.Platform.Secrets;

/// <summary>
/// The service's three secrets: the user-hash key, the master key that wraps subject keys, and the key that signs
/// audit checkpoints. Each can be given inline or as a file (a secret store's mount), and is checked at start-up.
/// Outside Development a missing value, a value published with the source code, or a too-short one stops the start:
/// a deployment that would run with a key anyone can read must not report ready.
/// </summary>
public static class SecretSettings
{
    /// <summary>256 bits of hex or base64 is 43 characters or more; 32 keeps a typed passphrase out as well.</summary>
    public const int MinUserHashKeyLength = 32;

    public const string Hint = "Generate a fresh set with scripts/new-secrets.sh and pass it as environment variables (Privacy__UserHashKey, " +
        "Privacy__SubjectKeyMasterKey, Audit__CheckpointKeyPem) or as files mounted from a secret store (Privacy__UserHashKeyFile, " +
        "Privacy__SubjectKeyMasterKeyFile, Audit__CheckpointKeyPemFile); for a local trial run with DOTNET_ENVIRONMENT=Development (docs/operations.md, \"Secrets\").";

    /// <summary>Fills each secret from its *File setting when one is named (the file wins over an inline value).</summary>
    public static IEnumerable<string> ReadFiles(PrivacyOptions privacy, AuditOptions audit)
    {
        if (Read("Privacy:UserHashKeyFile", privacy.UserHashKeyFile, out var hashKey, out var problem)) privacy.UserHashKey = hashKey.Trim();
        else if (problem is not null) yield return problem;
        if (Read("Privacy:SubjectKeyMasterKeyFile", privacy.SubjectKeyMasterKeyFile, out var master, out problem)) privacy.SubjectKeyMasterKey = master.Trim();
        else if (problem is not null) yield return problem;
        if (Read("Audit:CheckpointKeyPemFile", audit.CheckpointKeyPemFile, out var pem, out problem)) audit.CheckpointKeyPem = pem;
        else if (problem is not null) yield return problem;
    }

    /// <summary>Every problem with the secrets, one sentence naming the setting each.</summary>
    public static IEnumerable<string> Validate(PrivacyOptions privacy, AuditOptions audit, bool development)
    {
        if (string.IsNullOrEmpty(privacy.UserHashKey)) yield return "Privacy:UserHashKey is not set.";
        else if (!development && PublishedSecrets.IsPublishedUserHashKey(privacy.UserHashKey))
            yield return "Privacy:UserHashKey holds a value published with the source code.";
        else if (privacy.UserHashKey.Length < (development ? 16 : MinUserHashKeyLength))
            yield return $"Privacy:UserHashKey must be at least {(development ? 16 : MinUserHashKeyLength)} characters (it has {privacy.UserHashKey.Length}).";

        if (string.IsNullOrEmpty(privacy.SubjectKeyMasterKey)) yield return "Privacy:SubjectKeyMasterKey is not set.";
        else if (Base64Setting.TryDecode(privacy.SubjectKeyMasterKey) is not { Length: 32 } master)
            yield return "Privacy:SubjectKeyMasterKey must be base64 of 32 random bytes.";
        else if (!development && PublishedSecrets.IsPublishedMasterKey(master))
            yield return "Privacy:SubjectKeyMasterKey holds a value published with the source code.";

        if (!string.IsNullOrEmpty(privacy.PreviousSubjectKeyMasterKey) && Base64Setting.TryDecode(privacy.PreviousSubjectKeyMasterKey) is not { Length: 32 })
            yield return "Privacy:PreviousSubjectKeyMasterKey must be base64 of 32 bytes when set.";

        if (string.IsNullOrWhiteSpace(audit.CheckpointKeyPem)) yield return "Audit:CheckpointKeyPem is not set.";
        else if (CheckpointKey(audit.CheckpointKeyPem) is not { } key) yield return "Audit:CheckpointKeyPem must hold an ECDSA P-256 private key in PEM.";
        else
        {
            using (key)
                if (!development && PublishedSecrets.IsPublishedCheckpointKey(key))
                    yield return "Audit:CheckpointKeyPem holds a key published with the source code.";
        }
    }

    /// <summary>The P-256 private key a PEM holds, or null.</summary>
    public static ECDsa? CheckpointKey(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            // A public key alone imports too, but cannot sign.
            if (key.KeySize == 256 && key.ExportParameters(includePrivateParameters: true).D is { Length: > 0 }) return key;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException) { }
        key.Dispose();
        return null;
    }

    private static bool Read(string setting, string? path, out string value, out string? problem)
    {
        (value, problem) = ("", null);
        if (string.IsNullOrWhiteSpace(path)) return false;
        try
        {
            value = File.ReadAllText(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"{setting} names {path}, which cannot be read.";
            return false;
        }
    }
}
