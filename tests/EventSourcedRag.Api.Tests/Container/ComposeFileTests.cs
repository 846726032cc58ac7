using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Container;

/// <summary>docker-compose.yml checked with the docker-compose client (no engine): it validates, and secrets come only from .env.</summary>
public sealed class ComposeFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("esrag-compose-").FullName;

    private async Task<string> NewSecretsAsync()
    {
        var file = Path.Combine(_folder, ".env");
        var result = await ExternalCommand.RunAsync("bash", [Path.Combine(RepositoryFolder.Root, "scripts", "new-secrets.sh"), file], _folder);
        result.ExitCode.ShouldBe(0, result.ToString());
        return file;
    }

    [Fact]
    public async Task With_the_env_file_new_secrets_writes_compose_validates()
    {
        var result = await ComposeFile.ConfigAsync(await NewSecretsAsync(), "-q");

        result.ExitCode.ShouldBe(0, result.ToString());
    }

    [Fact]
    public async Task Every_service_has_a_health_check_and_the_api_runs_two_replicas_behind_the_proxy()
    {
        var compose = await ComposeFile.ResolveAsync(await NewSecretsAsync());

        compose.Services.ShouldBe(["api", "postgres", "proxy", "rabbitmq", "worker"], ignoreOrder: true);
        foreach (var service in compose.Services) compose.Service(service).ShouldContainKey("healthcheck", service);
        ((Dictionary<object, object>)compose.Service("api")["deploy"])["replicas"].ShouldBe("2");
        compose.Service("api").ShouldNotContainKey("ports", "replicas cannot share a host port: the proxy is the way in");
        compose.Environment("api")["Hosting__Roles"].ShouldBe("Api");
    }

    [Fact]
    public async Task The_services_get_every_secret_from_the_env_file_and_the_compose_file_holds_none()
    {
        var file = await NewSecretsAsync();
        var secrets = File.ReadAllLines(file).Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var compose = await ComposeFile.ResolveAsync(file);

        secrets.Keys.ShouldBe(["POSTGRES_PASSWORD", "RABBITMQ_PASSWORD", "Privacy__UserHashKey", "Privacy__SubjectKeyMasterKey", "Audit__CheckpointKeyPem"], ignoreOrder: true);
        foreach (var service in new[] { "api", "worker" })
        {
            var environment = compose.Environment(service);
            foreach (var key in new[] { "Privacy__UserHashKey", "Privacy__SubjectKeyMasterKey", "Audit__CheckpointKeyPem" })
                environment[key].ShouldBe(secrets[key], $"{service}: {key}");
            environment["ConnectionStrings__Postgres"].ShouldContain("Password=" + secrets["POSTGRES_PASSWORD"] + ";");
            environment["ConnectionStrings__RabbitMq"].ShouldContain(":" + secrets["RABBITMQ_PASSWORD"] + "@");
        }
        compose.Environment("postgres")["POSTGRES_PASSWORD"].ShouldBe(secrets["POSTGRES_PASSWORD"]);
        var committed = await File.ReadAllTextAsync(Path.Combine(RepositoryFolder.Root, "docker-compose.yml"));
        committed.ShouldNotContain("PRIVATE KEY");
        committed.ShouldNotContain("Password=esrag");
    }

    [Fact]
    public async Task Without_the_secrets_compose_refuses_and_says_how_to_make_them()
    {
        var empty = Path.Combine(_folder, "empty.env");
        await File.WriteAllTextAsync(empty, "# no secrets\n");

        var result = await ComposeFile.ConfigAsync(empty, "-q");

        result.ExitCode.ShouldNotBe(0);
        result.Error.ShouldContain("scripts/new-secrets.sh");
    }

    [Fact]
    public async Task New_secrets_refuses_to_overwrite_an_existing_file()
    {
        var file = await NewSecretsAsync();
        var before = await File.ReadAllTextAsync(file);

        var again = await ExternalCommand.RunAsync("bash", [Path.Combine(RepositoryFolder.Root, "scripts", "new-secrets.sh"), file], _folder);

        again.ExitCode.ShouldBe(2);
        again.Error.ShouldContain("not overwriting");
        (await File.ReadAllTextAsync(file)).ShouldBe(before);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
