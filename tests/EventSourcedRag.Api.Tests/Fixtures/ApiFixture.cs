using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Access;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedRag.Api.Tests.Fixtures;

/// <summary>
/// The whole application (API, worker, daemon) against the real PostgreSQL and RabbitMQ, in a schema and on a
/// queue of its own. Shared by the tests of one class.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    public string Schema { get; } = TestDatabase.NewSchemaName("api");
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>Settings a test class changes, e.g. a small upload limit.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>Services a test class replaces, e.g. the clock.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    public WebApplicationFactory<Program> CreateHost(IReadOnlyDictionary<string, string>? extra = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Postgres", TestDatabase.ConnectionString);
            b.UseSetting("ConnectionStrings:RabbitMq", TestDatabase.RabbitMq);
            b.UseSetting("Storage:Schema", Schema);
            b.UseSetting("Messaging:IngestQueue", Schema + "-ingest");
            b.UseSetting("Messaging:TemporaryQueues", "true");
            b.UseSetting("Retrieval:IndexPollInterval", "00:00:00.050");
            b.UseSetting("Retrieval:SnapshotFolder", ""); // replay the log unless a test asks for snapshots
            b.UseSetting("Embedding:Model", "lsa"); // fast tests; the pretrained encoder's path has tests of its own
            b.UseSetting("Retrieval:Exploration:Share", "0"); // tests assert exact rankings; exploration has tests of its own
            b.UseSetting("Retrieval:Exploration:UncertainShare", "0");
            foreach (var (k, v) in Settings.Concat(extra ?? new Dictionary<string, string>())) b.UseSetting(k, v);
            b.ConfigureTestServices(ConfigureServices);
        });

    /// <summary>Serve on a real loopback port (Kestrel) instead of the in-memory test server, for clients outside the process.</summary>
    protected virtual bool RealServer => false;

    /// <summary>Where the host listens when <see cref="RealServer"/> is set.</summary>
    public Uri Address { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Factory = CreateHost();
        if (RealServer)
        {
            Factory.UseKestrel(0);
            Factory.StartServer();
            Address = new Uri(Services<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
                .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());
        }
        Client = ClientOf(Factory);
        (await Client.GetAsync("/health/live")).EnsureSuccessStatusCode();
    }

    public virtual async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (Environment.GetEnvironmentVariable("ESRAG_KEEP_TEST_SCHEMAS") != "1") await TestDatabase.DropSchemaAsync(Schema);
    }

    /// <summary>Submits a text document as JSON and waits until the worker indexed it and the index serves it.</summary>
    public async Task<Guid> IngestTextAsync(string title, string content, string? tenant = null, string[]? tags = null)
    {
        var id = await IngestWithoutWaitingAsync(title, content, tenant, tags);
        await WaitUntilIndexedAsync(id, tenant);
        return id;
    }

    /// <summary>Submits a text document and returns its id as soon as it is accepted.</summary>
    public async Task<Guid> IngestWithoutWaitingAsync(string title, string content, string? tenant = null, string[]? tags = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/documents")
        {
            Content = JsonContent.Create(new { title, content, format = "text", tags = tags ?? [] }),
        };
        if (tenant is not null) request.Headers.Add(TenantHeader, tenant);
        var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("document_id").GetGuid();
    }

    public async Task<JsonElement> WaitUntilIndexedAsync(Guid documentId, string? tenant = null, string status = "indexed")
    {
        var view = await Eventually.Get(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/documents/{documentId}");
            if (tenant is not null) request.Headers.Add(TenantHeader, tenant);
            var response = await Client.SendAsync(request);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(Json) : default;
        }, v => v.ValueKind == JsonValueKind.Object && v.GetProperty("status").GetString() is "indexed" or "failed", what: $"document {documentId}");
        view.GetProperty("status").GetString().ShouldBe(status, view.ToString());
        var sequence = await TestDatabase.ScalarAsync($"select coalesce(max(seq_id), 0) from {Schema}.mt_events");
        await Eventually.Get(() => Task.FromResult(Services<Infrastructure.Search.SearchIndexes>().Position), p => p >= sequence, what: "search index catch-up");
        return view;
    }

    /// <summary>
    /// Test intent, not product headers: the client's handler turns them into the API key of that tenant and role
    /// (created once per fixture). Without X-Role the key holds every role; <see cref="NoCredential"/> sends none.
    /// </summary>
    public const string TenantHeader = "X-Tenant";
    public const string RoleHeader = "X-Role";
    public const string NoCredential = "X-No-Credential";
    public const string AllRoles = "*";

    private readonly ConcurrentDictionary<(string Tenant, string Role), Lazy<Task<string>>> _tokens = new();

    /// <summary>A client of this host that presents the key for the tenant and role a request names.</summary>
    public HttpClient ClientOf(WebApplicationFactory<Program> host) => RealServer && ReferenceEquals(host, Factory)
        ? host.CreateDefaultClient(Address, new CredentialHandler(this, host))
        : host.CreateDefaultClient(new CredentialHandler(this, host));

    /// <summary>The token of a key holding one role (or all roles) in a tenant, issued through the product's own key service.</summary>
    public Task<string> TokenAsync(string tenant = "default", string role = AllRoles, WebApplicationFactory<Program>? host = null) =>
        _tokens.GetOrAdd((tenant, role), k => new Lazy<Task<string>>(async () =>
        {
            var keys = (ApiKeys)(host ?? Factory).Services.GetService(typeof(ApiKeys))!;
            var roles = k.Role == AllRoles ? Roles.All : [k.Role];
            var issued = await keys.CreateAsync(k.Tenant, $"test {k.Role}", roles, null, new EventMetadata(k.Tenant, "test-fixture", "test-keys"), CancellationToken.None);
            return issued.Token;
        })).Value;

    private sealed class CredentialHandler(ApiFixture fixture, WebApplicationFactory<Program> host) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var tenant = Take(request, TenantHeader) ?? "default";
            var role = Take(request, RoleHeader) ?? AllRoles;
            var none = Take(request, NoCredential) is not null;
            if (!none && request.Headers.Authorization is null && !request.Headers.Contains("X-Api-Key"))
                request.Headers.Authorization = new("Bearer", await fixture.TokenAsync(tenant, role, host));
            return await base.SendAsync(request, ct);
        }

        private static string? Take(HttpRequestMessage request, string header)
        {
            if (!request.Headers.TryGetValues(header, out var values)) return null;
            request.Headers.Remove(header);
            return values.FirstOrDefault();
        }
    }

    /// <summary>A GET as a caller with no credential at all: probes, the metrics scraper, a browser loading the web app.</summary>
    public async Task<HttpResponseMessage> GetWithoutCredentialAsync(string path, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(NoCredential, "1");
        configure?.Invoke(request);
        return await Client.SendAsync(request);
    }

    public T Services<T>() where T : notnull => (T)Factory.Services.GetService(typeof(T))!;

    public async Task<JsonElement> AskAsync(string query, object? extra = null, string? tenant = null)
    {
        var response = await PostJsonAsync("/v1/query", extra ?? new { query }, tenant);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    public async Task<HttpResponseMessage> PostJsonAsync(string path, object body, string? tenant = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
        if (tenant is not null) request.Headers.Add(TenantHeader, tenant);
        return await Client.SendAsync(request);
    }

    public async Task<HttpResponseMessage> PostAsAdminAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Add(RoleHeader, "admin");
        return await Client.SendAsync(request);
    }

    public HttpRequestMessage AsRole(HttpMethod method, string path, string role = "admin", object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        request.Headers.Add(RoleHeader, role);
        return request;
    }

    /// <summary>Waits until every live read model has applied every committed event; returns that position.</summary>
    public async Task<long> WaitForProjectionsAsync()
    {
        var head = await TestDatabase.ScalarAsync($"select max(seq_id) from {Schema}.mt_events");
        await Eventually.Get(async () =>
        {
            using var request = AsRole(HttpMethod.Get, "/v1/admin/projections");
            using var response = await Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"GET /v1/admin/projections: {(int)response.StatusCode} {body}");
            return JsonDocument.Parse(body).RootElement.EnumerateArray().Min(p => p.GetProperty("position").GetInt64());
        }, p => p >= head, timeout: TimeSpan.FromSeconds(60), what: $"read models at event {head}");
        return head;
    }

    /// <summary>The live rows of one kind of a read model, as an auditor of the default tenant reads them (JSON text).</summary>
    public async Task<string> RowsAsync(string projection, string kind)
    {
        using var request = AsRole(HttpMethod.Get, $"/v1/admin/projections/{projection}/rows/{kind}?limit=1000", role: "auditor");
        return await (await Client.SendAsync(request)).Content.ReadAsStringAsync();
    }

    /// <summary>The training pairs (JSON lines) the export API returns to a tenant's key of the given role.</summary>
    public async Task<string> ExportedPairsAsync(string tenant = "default", string role = AllRoles)
    {
        using var request = AsRole(HttpMethod.Get, "/v1/training-set?format=jsonl", role);
        request.Headers.Add(TenantHeader, tenant);
        var response = await Client.SendAsync(request);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        using var reader = new StreamReader(zip.Entries.Single(e => e.Name.EndsWith(".jsonl", StringComparison.Ordinal)).Open());
        return await reader.ReadToEndAsync();
    }

    /// <summary>Records a hand-made model as the worker would: ModelTrained on its stream, then the gate's verdict when one is given.</summary>
    public async Task RecordModelAsync(string version, string kind, string artifact, DateTimeOffset at, bool? validated = true, string tenant = "default",
        long asOfSequence = 1, EventMetadata? metadata = null)
    {
        var metrics = new Dictionary<string, double> { ["mrr@10"] = 0.5 };
        var events = new List<object> { new ModelTrained(version, kind, null, "set-" + version, asOfSequence, new Dictionary<string, string>(), 7, artifact, 0.1, at) };
        if (validated is true) events.Add(new ModelValidated(version, null, metrics, metrics, 40, "hand-made for the test", at));
        if (validated is false) events.Add(new ModelRejected(version, null, metrics, metrics, 40, "hand-made for the test", at));
        await using var session = Services<EventSessions>().OpenWrite(metadata ?? new EventMetadata(tenant, "admin:test", "hand-made-model"));
        session.Events.StartStream(ModelStreams.IdOf(version), events.ToArray());
        await session.SaveChangesAsync();
    }

    public Task<long> CountEventsAsync(string? type = null) =>
        TestDatabase.ScalarAsync($"select count(*) from {Schema}.mt_events" + (type is null ? "" : $" where type = '{type}'"));

    private static JsonSerializerOptions CreateJson()
    {
        var o = new JsonSerializerOptions();
        ApiHosting.Configure(o);
        return o;
    }
}
