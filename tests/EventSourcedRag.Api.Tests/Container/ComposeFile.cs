using EventSourcedRag.Testing;
using YamlDotNet.Serialization;

namespace EventSourcedRag.Api.Tests.Container;

/// <summary>
/// docker-compose.yml as the Debian docker-compose client resolves it (interpolation, anchors, env_file folded into
/// each service's environment), without a Docker engine: what a container of each service would be given.
/// </summary>
public sealed class ComposeFile
{
    private readonly Dictionary<object, object> _services;

    private ComposeFile(Dictionary<object, object> services) => _services = services;

    /// <summary><c>docker-compose config</c> with <paramref name="envFile"/> as .env, from a clean slate of secrets.</summary>
    public static Task<CommandResult> ConfigAsync(string envFile, params string[] extra)
    {
        if (!File.Exists("/usr/bin/docker-compose") && !File.Exists("/usr/local/bin/docker-compose"))
            throw new InvalidOperationException("docker-compose is not installed: run scripts/setup.sh (apt-get install docker-compose)");
        // Secrets the test process may have inherited must not stand in for the file's.
        var environment = new Dictionary<string, string?>
        {
            ["ESRAG_ENV_FILE"] = envFile, ["POSTGRES_PASSWORD"] = null, ["RABBITMQ_PASSWORD"] = null, ["COMPOSE_FILE"] = null,
        };
        return ExternalCommand.RunAsync("docker-compose", ["--env-file", envFile, "-f", "docker-compose.yml", "config", .. extra],
            RepositoryFolder.Root, environment, TimeSpan.FromMinutes(1));
    }

    public static async Task<ComposeFile> ResolveAsync(string envFile)
    {
        var config = await ConfigAsync(envFile);
        config.ExitCode.ShouldBe(0, config.ToString());
        var document = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(config.Output);
        return new ComposeFile((Dictionary<object, object>)document["services"]);
    }

    public IReadOnlyCollection<string> Services => _services.Keys.Select(k => (string)k).ToList();

    public Dictionary<object, object> Service(string name) => (Dictionary<object, object>)_services[name];

    /// <summary>The environment a container of <paramref name="service"/> gets from the compose file and .env.</summary>
    public Dictionary<string, string> Environment(string service) =>
        ((Dictionary<object, object>)Service(service)["environment"]).ToDictionary(p => (string)p.Key, p => (string)p.Value);
}
