using System.Security.Cryptography;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EventSourcedRag.Api.Tests.Hosting;

/// <summary>
/// Issue 24, defect 1: the API started under Production with the secrets committed to appsettings.json. Outside
/// Development it must refuse missing, published and too-short secrets, naming each setting, and start with fresh ones.
/// </summary>
public class StartupSecretsTests
{
    private static readonly ApiFixture Settings = new();

    [Fact]
    public void A_production_start_without_secrets_is_refused_naming_each_setting()
    {
        var problems = Refused(new Dictionary<string, string>());
        problems.ShouldContain("Privacy:UserHashKey is not set.");
        problems.ShouldContain("Privacy:SubjectKeyMasterKey is not set.");
        problems.ShouldContain("Audit:CheckpointKeyPem is not set.");
        problems.ShouldContain(p => p.Contains("scripts/new-secrets.sh"));
    }

    [Fact]
    public void A_production_start_with_the_published_development_secrets_is_refused()
    {
        var problems = Refused(PublishedDevelopmentSecrets());
        problems.ShouldContain("Privacy:UserHashKey holds a value published with the source code.");
        problems.ShouldContain("Privacy:SubjectKeyMasterKey holds a value published with the source code.");
        problems.ShouldContain("Audit:CheckpointKeyPem holds a key published with the source code.");
    }

    [Fact]
    public void A_production_start_with_the_formerly_committed_hash_key_or_a_short_one_is_refused()
    {
        var fresh = FreshSecrets();
        Refused(new Dictionary<string, string>(fresh) { ["Privacy:UserHashKey"] = "change-me-in-production-0123456789" })
            .ShouldBe(["Privacy:UserHashKey holds a value published with the source code.", Infrastructure.Platform.Secrets.SecretSettings.Hint]);
        Refused(new Dictionary<string, string>(fresh) { ["Privacy:UserHashKey"] = "only-twenty-chars-xx" })
            .ShouldContain("Privacy:UserHashKey must be at least 32 characters (it has 20).");
        Refused(new Dictionary<string, string>(fresh) { ["Privacy:SubjectKeyMasterKey"] = Convert.ToBase64String(new byte[16]) })
            .ShouldContain("Privacy:SubjectKeyMasterKey must be base64 of 32 random bytes.");
    }

    [Fact]
    public async Task A_production_start_with_fresh_secrets_read_from_files_is_ready()
    {
        var folder = Directory.CreateTempSubdirectory("esrag-secrets-");
        try
        {
            var files = new Dictionary<string, string>();
            foreach (var (setting, value) in FreshSecrets())
            {
                var path = Path.Combine(folder.FullName, setting.Replace(':', '_'));
                await File.WriteAllTextAsync(path, value + "\n");
                files[setting + "File"] = path;
            }
            await using var host = Host(files);
            using var client = host.CreateClient();
            (await client.GetAsync("/health/live")).EnsureSuccessStatusCode();
        }
        finally
        {
            folder.Delete(recursive: true);
            await TestDatabase.DropSchemaAsync(Settings.Schema);
        }
    }

    /// <summary>
    /// The development values appsettings.Development.json committed until issue 24: published, so refused outside
    /// Development. Test data only (Hosting/published-secrets.json); no configuration file holds them any more.
    /// </summary>
    public static Dictionary<string, string> PublishedDevelopmentSecrets()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFolder.Root, PublishedSecretsFile)));
        return file.RootElement.EnumerateObject().Where(p => !p.Name.StartsWith('_')).ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    /// <summary>The one committed file allowed to hold a private key: one the service refuses (CommittedSecretsTests).</summary>
    public const string PublishedSecretsFile = "tests/EventSourcedRag.Api.Tests/Hosting/published-secrets.json";

    public static Dictionary<string, string> FreshSecrets()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new Dictionary<string, string>
        {
            ["Privacy:UserHashKey"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            ["Privacy:SubjectKeyMasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Audit:CheckpointKeyPem"] = key.ExportPkcs8PrivateKeyPem(),
        };
    }

    private static IReadOnlyList<string> Refused(IReadOnlyDictionary<string, string> settings)
    {
        using var host = Host(settings);
        var thrown = Should.Throw<Exception>(() => host.Services);
        for (Exception? e = thrown; e is not null; e = e.InnerException)
            if (e is InvalidConfiguration invalid) return invalid.Problems;
        throw new ShouldAssertException($"the start failed, but not for its configuration: {thrown.GetType().Name}");
    }

    /// <summary>The test hosts' settings (database, queue, schema) under Production, where appsettings.Development.json is not read.</summary>
    private static WebApplicationFactory<Program> Host(IReadOnlyDictionary<string, string> settings) =>
        Settings.CreateHost(new Dictionary<string, string>(settings) { [WebHostDefaults.EnvironmentKey] = "Production" });
}
