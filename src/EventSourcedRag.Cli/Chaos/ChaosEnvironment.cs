using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using EventSourcedRag.Cli.Benchmarking;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Access;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedRag.Cli.Chaos;

/// <summary>
/// A throw-away deployment on loopback: its own PostgreSQL schema and RabbitMQ queues, the API and the worker as
/// child processes of this one (so they can be SIGKILLed and started again), an API key, and a seeded corpus
/// whose answers the feedback traffic refers to.
/// </summary>
public sealed class ChaosEnvironment : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private ServiceProcess? _api, _worker;

    private ChaosEnvironment(string schema, string queue, string connectionString, string amqp, int port, string logFolder)
    {
        (Schema, Queue, ConnectionString, Amqp, Port, LogFolder) = (schema, queue, connectionString, amqp, port, logFolder);
        _environment = new Dictionary<string, string>
        {
            ["Storage__Schema"] = schema,
            ["Messaging__IngestQueue"] = queue,
            ["Messaging__TemporaryQueues"] = "false", // the queue must outlive a killed worker
            ["Messaging__BroadcastServing"] = "false",
            ["Retrieval__SnapshotFolder"] = "",
            ["Logging__Json"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            // The clients measure faults, not the limits on abuse.
            ["Access__RateLimits__PerKeyPerSecond"] = "1000000", ["Access__RateLimits__PerKeyBurst"] = "1000000",
            ["Access__RateLimits__PerIpPerSecond"] = "1000000", ["Access__RateLimits__PerIpBurst"] = "1000000",
            // Twenty responses take all the feedback: far over the per-response cap, which has tests of its own.
            ["Feedback__MaxSignalsPerResponsePerHour"] = "1000000",
        };
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, ConnectTimeout = TimeSpan.FromSeconds(2) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string Schema { get; }
    public string Queue { get; }
    public string ConnectionString { get; }
    public string Amqp { get; }
    public int Port { get; }
    public HttpClient Http { get; }
    public IReadOnlyList<Guid> Responses { get; private set; } = [];
    public StoreAudit Audit => new(ConnectionString, Schema);
    public string LogFolder { get; }

    public static async Task<ChaosEnvironment> StartAsync(CancellationToken ct)
    {
        var configuration = CliHost.Configuration();
        var schema = BenchSchema.NewName("chaos");
        var logFolder = Directory.CreateTempSubdirectory("esrag-chaos-").FullName;
        var environment = new ChaosEnvironment(schema, $"esrag-{schema}", configuration.GetConnectionString("Postgres")!,
            configuration.GetConnectionString("RabbitMq") ?? "amqp://guest:guest@127.0.0.1:5672/", FreePort(), logFolder);
        await environment.IssueKeyAsync(ct);
        environment.StartWorker();
        await environment.StartApiAsync(ct);
        await environment.SeedAsync(ct);
        return environment;
    }

    public void StartWorker()
    {
        _worker?.Dispose();
        _worker = ServiceProcess.Start("worker", ["worker"], _environment, Path.Combine(LogFolder, "worker.log"));
    }

    public async Task StartApiAsync(CancellationToken ct)
    {
        _api?.Dispose();
        _api = ServiceProcess.Start("api", ["serve", "--urls", $"http://127.0.0.1:{Port}"], new Dictionary<string, string>(_environment) { ["Hosting__Roles"] = "Api" },
            Path.Combine(LogFolder, "api.log"));
        await WaitLiveAsync(TimeSpan.FromSeconds(60), ct);
    }

    public void KillApi() => _api?.Kill();
    public void KillWorker() => _worker?.Kill();

    public async Task WaitLiveAsync(TimeSpan limit, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_api is { Running: false }) throw new InvalidOperationException($"The API process exited; see {LogFolder}/api.log.");
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await Http.GetAsync("/health/live", probe.Token);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested) { }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"The API did not come up within {limit.TotalSeconds:0} s; see {LogFolder}/api.log.");
    }

    /// <summary>A counter from the API's /metrics (0 when absent).</summary>
    public async Task<double> MetricAsync(string series, CancellationToken ct)
    {
        var text = await Http.GetStringAsync("/metrics", ct);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task IssueKeyAsync(CancellationToken ct)
    {
        using var host = await CliHost.StartAsync(HostRoles.None, new Dictionary<string, string?> { ["Storage:Schema"] = Schema }, ct);
        var keys = host.Services.GetRequiredService<ApiKeys>();
        var issued = await keys.CreateAsync("default", "chaos suite", Roles.All, null, new EventMetadata("default", "chaos", "chaos-suite"), ct);
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Token);
    }

    /// <summary>Documents to ask about, indexed by the worker, and answers to give feedback on.</summary>
    private async Task SeedAsync(CancellationToken ct)
    {
        var random = new Random(11);
        var documents = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            var words = Enumerable.Range(0, 80).Select(_ => ChaosCorpus.Words[random.Next(ChaosCorpus.Words.Length)]);
            using var response = await Http.PostAsJsonAsync("/v1/documents", new { title = $"Seed {i}", content = string.Join(' ', words) + ".", format = "text" }, ct);
            response.EnsureSuccessStatusCode();
            documents.Add((await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("document_id").GetGuid());
        }
        var indexed = await Audit.DocumentsAsync(documents, TimeSpan.FromSeconds(120), ct);
        if (indexed.FirstOrDefault(c => !c.Passed) is { } failed) throw new InvalidOperationException($"Seeding failed: {failed.Name}: {failed.Detail}");
        // The API indexes from the log as it tails it: wait until queries find the seed.
        var responses = new List<Guid>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (responses.Count < 20 && DateTime.UtcNow < deadline)
        {
            var question = string.Join(' ', Enumerable.Range(0, 3).Select(_ => ChaosCorpus.Words[random.Next(ChaosCorpus.Words.Length)]));
            using var response = await Http.PostAsJsonAsync("/v1/query", new { query = question, user_id = "chaos" }, ct);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            if (body.GetProperty("sources").GetArrayLength() > 0) responses.Add(body.GetProperty("response_id").GetGuid());
            else await Task.Delay(200, ct);
        }
        if (responses.Count == 0) throw new InvalidOperationException("No query found the seeded documents.");
        Responses = responses;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _api?.Dispose();
        _worker?.Dispose();
        Http.Dispose();
        await BenchSchema.DropAsync(ConnectionString, Schema);
        try
        {
            await using var connection = await new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(Amqp) }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            foreach (var queue in new[] { Queue, Queue + "_error", Queue + "-training", Queue + "-training_error" })
                await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.RabbitMQClientException or RabbitMQ.Client.Exceptions.OperationInterruptedException or IOException)
        {
            Console.Error.WriteLine($"chaos: could not delete the queues {Queue}*: {e.Message}");
        }
    }
}
