using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using EventSourcedRag.Testing;
using Xunit.Abstractions;

namespace EventSourcedRag.Api.Tests.Container;

/// <summary>
/// What `docker compose up` would run, without an engine: the published API and worker started from the image's
/// working directory with the environment compose gives their containers, against the local PostgreSQL and
/// RabbitMQ in a schema of their own. This is the check that an image which cannot find its settings fails.
/// </summary>
public sealed class ContainerSmokeTests(PublishedImage image, ITestOutputHelper output) : IClassFixture<PublishedImage>, IDisposable
{
    private readonly string _schema = TestDatabase.NewSchemaName("container");
    private readonly List<PublishedProcess> _processes = [];

    [Fact]
    public async Task The_published_api_and_worker_started_as_in_their_containers_get_ready_and_answer_a_question()
    {
        output.WriteLine($"publish (API and CLI): {image.PublishTime.TotalSeconds:0.0} s");
        var watch = Stopwatch.StartNew();
        var (apiPort, workerPort) = (FreePort(), FreePort());
        var worker = Start("worker", ServiceEnvironment("worker", workerPort));
        var api = Start("api", ServiceEnvironment("api", apiPort));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"), Timeout = TimeSpan.FromSeconds(10) };
        using var workerHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{workerPort}"), Timeout = TimeSpan.FromSeconds(10) };

        // The compose health checks: GET /health/ready answers 200 on both.
        await ReadyAsync(workerHttp, worker);
        await ReadyAsync(http, api);
        output.WriteLine($"ready: {watch.Elapsed.TotalSeconds:0.0} s");

        // A key from the CLI in the same image (`esrag keys create`), run from /app like `docker compose exec api esrag ...`.
        var keys = await ExternalCommand.RunAsync("dotnet", [image.Cli, "keys", "create", "--name", "smoke", "--role", "admin", "--role", "client", "--json"],
            image.App, CliEnvironment());
        keys.ExitCode.ShouldBe(0, keys.ToString());
        var token = JsonDocument.Parse(keys.Output.Trim().Split('\n')[^1]).RootElement.GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var submitted = await http.PostAsJsonAsync("/v1/documents", new
        {
            title = "Bicycle storage", format = "text",
            content = "Bicycles are stored in the locked room behind reception. The code for the bicycle room is 4711.",
        });
        submitted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());
        var documentId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("document_id").GetString();
        var status = await Eventually.Get(() => http.GetFromJsonAsync<JsonElement>($"/v1/documents/{documentId}"),
            v => v.GetProperty("status").GetString() is "indexed" or "failed", TimeSpan.FromSeconds(60), "the worker indexing the document");
        status.GetProperty("status").GetString().ShouldBe("indexed", status.ToString());

        // The API's own index follows the log, so the first answers may not have it yet.
        var answer = await Eventually.Get(async () =>
            {
                var response = await http.PostAsJsonAsync("/v1/query", new { query = "Where are bicycles stored?" });
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }, a => a.GetProperty("sources").GetArrayLength() > 0, TimeSpan.FromSeconds(30), "an answer with sources");
        answer.GetProperty("sources")[0].GetProperty("document_id").GetString().ShouldBe(documentId);
        (answer.GetProperty("answer").GetString() ?? "").ShouldContain("locked room behind reception");
        answer.GetProperty("response_id").GetString().ShouldNotBeNullOrEmpty();
        output.WriteLine($"ingested and answered: {watch.Elapsed.TotalSeconds:0.0} s");
        worker.Running.ShouldBeTrue(worker.Tail());

        // Stopped as `docker stop` stops it, the API writes its index snapshot. Retrieval:SnapshotFolder is set only in
        // the appsettings.json beside the binaries, so the file in /app/api/index-snapshots shows that the API read
        // its own settings although it was started from /app, and that the folder the image lets it write is that one.
        (await api.StopAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue("the API did not stop within 30 s of SIGTERM:\n" + api.Tail());
        File.Exists(Path.Combine(image.App, "api", "index-snapshots", $"{_schema}.idx")).ShouldBeTrue(api.Tail());
    }

    /// <summary>The service's environment from the compose file and .env; only what points at this machine differs.</summary>
    private Dictionary<string, string> ServiceEnvironment(string service, int port)
    {
        var environment = image.Compose.Environment(service);
        environment.ShouldContainKey("ConnectionStrings__Postgres");
        environment.ShouldContainKey("ConnectionStrings__RabbitMq");
        // Host names of the compose network and its generated passwords become the local services; the schema and
        // queue are this test's; the image's ENV sets the URL, here a free loopback port.
        environment["ConnectionStrings__Postgres"] = TestDatabase.ConnectionString;
        environment["ConnectionStrings__RabbitMq"] = TestDatabase.RabbitMq;
        environment["Storage__Schema"] = _schema;
        environment["Messaging__IngestQueue"] = _schema + "-ingest";
        environment["Messaging__TemporaryQueues"] = "true";
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        return environment;
    }

    private Dictionary<string, string?> CliEnvironment() =>
        ServiceEnvironment("api", 0).Where(p => p.Key != "ASPNETCORE_URLS").ToDictionary(p => p.Key, p => (string?)p.Value);

    private PublishedProcess Start(string service, Dictionary<string, string> environment)
    {
        // The compose file gives both services the image's entry point: dotnet /app/api/EventSourcedRag.Api.dll.
        var process = PublishedProcess.Start(image.App, image.Api, [], environment, Path.Combine(image.Logs, $"{_schema}-{service}.log"));
        _processes.Add(process);
        return process;
    }

    private static async Task ReadyAsync(HttpClient http, PublishedProcess process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            process.Running.ShouldBeTrue("the process exited:\n" + process.Tail());
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"/health/ready not 200 within 90 s (last: {last}):\n{process.Tail()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        if (System.Environment.GetEnvironmentVariable("ESRAG_KEEP_TEST_SCHEMAS") != "1") TestDatabase.DropSchemaAsync(_schema).GetAwaiter().GetResult();
    }
}
