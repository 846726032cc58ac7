using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Experiments;
using EventSourcedRag.Infrastructure.Feedback;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Learning.Onnx;
using EventSourcedRag.Learning.Ranking;
using EventSourcedRag.Learning.Simulation;
using EventSourcedRag.Retrieval.Ranking;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedRag.Api.Tests.Experiments;

/// <summary>
/// Hand-made rerankers on the normalised BM25 feature: ascending puts the best lexical match first (good),
/// descending puts it last, out of the five shown (bad). Stored, trained and validated as the learning side would record them.
/// </summary>
public sealed class ExperimentFixtureModels(ApiFixture api, string tenant = "default")
{
    public async Task<string> RerankerAsync(string version, bool good)
    {
        var column = RankingFeatures.IndexOf("bm25_norm");
        RegressionTree Step(float threshold) => new([column], [threshold], [~0], [~1], good ? [0, 1] : [1, 0], 1);
        var onnx = TreeEnsembleOnnx.Export(new TreeEnsemble(RankingFeatures.Count, 0, [Step(0.5f), Step(0.7f), Step(0.9f), Step(0.99f)]));
        var at = api.Services<TimeProvider>().GetUtcNow();
        var artifact = await api.Services<ModelArtifactStore>().PutAsync(onnx, ModelKinds.Reranker, at, default);
        await api.RecordModelAsync(version, ModelKinds.Reranker, artifact, at, tenant: tenant);
        return version;
    }
}

/// <summary>A clock tests can move forward, for rules that wait (a stage's minimum, an experiment's maximum).</summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

/// <summary>
/// The whole application with rollout settings small enough for tests (stages 25 % → 50 % → 100 %, 30 responses
/// per arm, no minimum stage duration), hand-made rerankers that rank well or badly, and simulated users (the
/// loop's click model) who find what they asked for only when it is shown.
/// </summary>
public sealed class ExperimentFixture : ApiFixture
{
    public static readonly string[] Topics =
        ["vacation", "expenses", "laptops", "badges", "parking", "evacuation", "training", "payroll", "insurance", "travel", "security", "printing"];

    private long _window = 1_000_000_000;

    public MovableClock Clock { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Experiments:Rollout:Stages:0"] = "0.25",
        ["Experiments:Rollout:Stages:1"] = "0.5",
        ["Experiments:Rollout:Stages:2"] = "1",
        ["Experiments:Rollout:MinStageDuration"] = "00:00:00",
        ["Experiments:Rollout:MinQueriesPerArm"] = "30",
        ["Experiments:Rollout:MixingVariance"] = "0.05",
        ["Experiments:EvaluationInterval"] = "1.00:00:00", // the schedule stays out of the way; tests evaluate explicitly
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    /// <summary>A tenant of its own per scenario, with one policy note per topic: every note matches "policy note", one matches the topic.</summary>
    public async Task CorpusAsync(string tenant)
    {
        foreach (var topic in Topics)
            await IngestTextAsync($"{topic} policy", $"Policy note on {topic}: the {topic} rules apply to every team and are filed under policy notes.", tenant);
    }

    public Task<string> RerankerAsync(string tenant, string version, bool good) => new ExperimentFixtureModels(this, tenant).RerankerAsync(version, good);

    /// <summary>One simulated session per new user: ask about a topic, act as the click model says, through the command side.</summary>
    public async Task TrafficAsync(string tenant, int sessions, int seed)
    {
        await Services<ServingStateFeeder>().CatchUpAsync(default);
        var random = new Random(seed);
        var users = new ClickModel(new ClickModelOptions { Shown = 5, Noise = 0.05, ReformulateIfUnsatisfied = 0 }, seed);
        for (var i = 0; i < sessions; i++)
        {
            var topic = Topics[random.Next(Topics.Length)];
            var user = $"{tenant}-user-{seed}-{i}";
            var metadata = new EventMetadata(tenant, user, $"{user}-session");
            var response = await Services<QueryService>().AskAsync(new QueryRequest($"policy note {topic}", 5, null, QueryFilters.None, $"{user}-session", Services<UserHasher>().Hash(tenant, user)), metadata, default);
            var grades = response.Sources.Select(s => s.Title.StartsWith(topic, StringComparison.Ordinal) ? 1 : 0).ToArray();
            await SimulatedFeedback.RecordAsync(Services<FeedbackService>(), response, users.Play(grades), metadata, default);
        }
    }

    /// <summary>Brings the live statistics up to date and evaluates the experiment for a fresh window.</summary>
    public async Task EvaluateAsync(string tenant, Guid experimentId)
    {
        await WaitForProjectionsAsync();
        await Services<ExperimentService>().EvaluateAsync(tenant, experimentId, Interlocked.Increment(ref _window),
            new EventMetadata(tenant, "worker:rollout", "experiment-test"), default);
    }

    public async Task<List<object>> StreamAsync(string tenant, Guid id)
    {
        await using var session = Services<IDocumentStore>().QuerySession(tenant);
        return (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
    }

    public async Task<List<object>> ModelStreamAsync(string tenant, string version) =>
        await StreamAsync(tenant, ModelStreams.IdOf(version));

    /// <summary>Runs rounds of traffic and evaluation until the experiment ends or the rounds run out.</summary>
    public async Task<List<object>> RunAsync(string tenant, Guid id, int sessionsPerRound, int rounds, int seed)
    {
        for (var round = 0; round < rounds; round++)
        {
            await TrafficAsync(tenant, sessionsPerRound, seed + round);
            await EvaluateAsync(tenant, id);
            if ((await StreamAsync(tenant, id)).OfType<ExperimentEnded>().Any()) break;
        }
        return await StreamAsync(tenant, id);
    }
}
