using System.Security.Cryptography;
using EventSourcedRag.Infrastructure.Platform.Secrets;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Hosting;

/// <summary>
/// Issue 24, "Done when": on a fresh clone no private key sits in committed configuration. Development used to run
/// on an ECDSA key and a master key committed in appsettings.Development.json; it now makes its own per machine.
/// </summary>
public class CommittedSecretsTests
{
    // Built from parts so this file does not match its own scan.
    private static readonly string PrivateKeyMarker = "PRIVATE" + " KEY-----";

    /// <summary>Folders and files git ignores (builds, the secrets new-secrets.sh writes): not part of a clone.</summary>
    private static readonly HashSet<string> Ignored = [".git", "bin", "obj", "node_modules", "artifacts", "TestResults", "index-snapshots", ".vs", "screenshots", ".env"];

    [Fact]
    public void No_committed_file_holds_a_private_key_except_the_test_data_of_keys_the_service_refuses()
    {
        var holders = CommittedTextFiles().Where(f => File.ReadAllText(f).Contains(PrivateKeyMarker, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryFolder.Root, f).Replace('\\', '/')).ToList();

        holders.ShouldBe([StartupSecretsTests.PublishedSecretsFile]);
        using var published = ECDsa.Create();
        published.ImportFromPem(StartupSecretsTests.PublishedDevelopmentSecrets()["Audit:CheckpointKeyPem"]);
        PublishedSecrets.IsPublishedCheckpointKey(published).ShouldBeTrue(); // the one committed key is refused outside Development
    }

    [Fact]
    public void No_committed_configuration_holds_a_secret_value_that_was_ever_published()
    {
        var published = StartupSecretsTests.PublishedDevelopmentSecrets();
        var values = new[] { published["Privacy:UserHashKey"], published["Privacy:SubjectKeyMasterKey"] };
        var configuration = CommittedTextFiles().Where(f => Path.GetExtension(f) is ".json" or ".yml" or ".yaml" or ".env" or ".config" or ".conf" or ".sh" or ".props"
            || Path.GetFileName(f) == "Dockerfile").Where(f => !f.Replace('\\', '/').EndsWith(StartupSecretsTests.PublishedSecretsFile, StringComparison.Ordinal));

        foreach (var file in configuration)
        {
            var text = File.ReadAllText(file);
            foreach (var value in values) text.ShouldNotContain(value, customMessage: file);
            (text.Contains("\"UserHashKey\"", StringComparison.Ordinal) || text.Contains("\"SubjectKeyMasterKey\"", StringComparison.Ordinal)
                || text.Contains("\"CheckpointKeyPem\"", StringComparison.Ordinal)).ShouldBeFalse($"{file} sets a secret");
        }
    }

    private static IEnumerable<string> CommittedTextFiles()
    {
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(RepositoryFolder.Root)]);
        while (pending.TryPop(out var folder))
        {
            foreach (var sub in folder.EnumerateDirectories())
                if (!Ignored.Contains(sub.Name)) pending.Push(sub);
            foreach (var file in folder.EnumerateFiles())
                if (!Ignored.Contains(file.Name) && file.Length < 2_000_000 && !IsBinary(file.Extension)) yield return file.FullName;
        }
    }

    private static bool IsBinary(string extension) => extension is ".pdf" or ".docx" or ".nupkg" or ".ico" or ".onnx" or ".png" or ".zip" or ".parquet" or ".bin" or ".dll";
}
