using System.Diagnostics;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Container;

/// <summary>
/// The image's file system without an engine: the API and the CLI published as the Dockerfile publishes them, into
/// a temporary /app with api/ and cli/ beside each other, a fresh .env from scripts/new-secrets.sh, and
/// docker-compose.yml resolved with it. Published once per test class.
/// </summary>
public sealed class PublishedImage : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("esrag-image-").FullName;

    /// <summary>The image's working directory (WORKDIR /app).</summary>
    public string App => Path.Combine(_root, "app");

    public string Api => Path.Combine(App, "api", "EventSourcedRag.Api.dll");
    public string Cli => Path.Combine(App, "cli", "esrag.dll");
    public string EnvFile => Path.Combine(_root, ".env");
    public string Logs => Path.Combine(_root, "logs");
    public ComposeFile Compose { get; private set; } = null!;
    public TimeSpan PublishTime { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Logs);
        var watch = Stopwatch.StartNew();
        // The Dockerfile's two publish commands, output folders and all.
        await PublishAsync("src/EventSourcedRag.Api", Path.Combine(App, "api"));
        await PublishAsync("src/EventSourcedRag.Cli", Path.Combine(App, "cli"));
        PublishTime = watch.Elapsed;

        var secrets = await ExternalCommand.RunAsync("bash", [Path.Combine(RepositoryFolder.Root, "scripts", "new-secrets.sh"), EnvFile], RepositoryFolder.Root);
        secrets.ExitCode.ShouldBe(0, secrets.ToString());
        Compose = await ComposeFile.ResolveAsync(EnvFile);
    }

    private static async Task PublishAsync(string project, string output)
    {
        // A nested build must not pick up the test host's MSBuild settings.
        var environment = System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(k => k, string? (_) => null);
        var result = await ExternalCommand.RunAsync("dotnet", ["publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "q"],
            RepositoryFolder.Root, environment, TimeSpan.FromMinutes(8));
        result.ExitCode.ShouldBe(0, result.ToString());
    }

    public Task DisposeAsync()
    {
        if (System.Environment.GetEnvironmentVariable("ESRAG_KEEP_TEST_IMAGE") != "1") Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
