using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Platform.Secrets;
using EventSourcedRag.Infrastructure.Privacy;

namespace EventSourcedRag.Infrastructure.Tests.Platform.Secrets;

/// <summary>
/// Issue 24, defect 1: Development ran on secrets committed with the code. Now it makes a set of its own per machine,
/// outside the repository, and every later start reads the same set.
/// </summary>
public sealed class DevelopmentSecretsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("esrag-dev-secrets-");
    private string FilePath => Path.Combine(_folder.FullName, "esrag", "development-secrets.json");

    [Fact]
    public void A_development_start_without_secrets_generates_a_fresh_set_that_would_pass_even_outside_development()
    {
        var (privacy, audit) = (new PrivacyOptions(), new AuditOptions());
        DevelopmentSecrets.Fill(privacy, audit, FilePath).ShouldBe(FilePath);

        SecretSettings.Validate(privacy, audit, development: false).ShouldBeEmpty(); // long enough, well formed, not published
        File.Exists(FilePath).ShouldBeTrue();
        if (!OperatingSystem.IsWindows())
            File.GetUnixFileMode(FilePath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite); // the user's own secret
    }

    [Fact]
    public void Every_later_start_on_the_machine_reads_the_same_set_so_wrapped_keys_still_open_and_checkpoints_still_verify()
    {
        var (first, firstAudit) = (new PrivacyOptions(), new AuditOptions());
        DevelopmentSecrets.Fill(first, firstAudit, FilePath);
        var (second, secondAudit) = (new PrivacyOptions(), new AuditOptions());
        DevelopmentSecrets.Fill(second, secondAudit, FilePath);

        second.UserHashKey.ShouldBe(first.UserHashKey);
        second.SubjectKeyMasterKey.ShouldBe(first.SubjectKeyMasterKey);
        secondAudit.CheckpointKeyPem.ShouldBe(firstAudit.CheckpointKeyPem);
    }

    [Fact]
    public void Configured_secrets_are_kept_and_when_all_are_configured_no_file_is_made()
    {
        var configured = DevelopmentSecrets.Generate();
        var privacy = new PrivacyOptions { UserHashKey = configured.UserHashKey, SubjectKeyMasterKey = configured.SubjectKeyMasterKey };
        var audit = new AuditOptions { CheckpointKeyPem = configured.CheckpointKeyPem };
        DevelopmentSecrets.Fill(privacy, audit, FilePath).ShouldBeNull();
        File.Exists(FilePath).ShouldBeFalse();

        var partly = new PrivacyOptions { UserHashKey = configured.UserHashKey };
        DevelopmentSecrets.Fill(partly, new AuditOptions(), FilePath);
        partly.UserHashKey.ShouldBe(configured.UserHashKey);
        partly.SubjectKeyMasterKey.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void A_file_that_cannot_be_written_leaves_fresh_secrets_for_this_process_and_says_so()
    {
        File.WriteAllText(Path.Combine(_folder.FullName, "esrag"), "a file where the folder should be");
        var (privacy, audit) = (new PrivacyOptions(), new AuditOptions());
        DevelopmentSecrets.Fill(privacy, audit, FilePath)!.ShouldStartWith("memory");
        SecretSettings.Validate(privacy, audit, development: true).ShouldBeEmpty();
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
