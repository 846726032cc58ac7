using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Experiments;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Infrastructure.Training;
using EventSourcedRag.Learning.Expansion;
using EventSourcedRag.Learning.Gates;
using EventSourcedRag.Retrieval.Analysis;
using EventSourcedRag.Testing;
using Marten;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Api.Tests.Learning;

/// <summary>
/// A help desk whose documents say "refund", "vacation", "invoice" and "password" while its users ask about
/// "cancellation", "pto", "bill" and "login". Each question also names something the documents do say (an order, a
/// calendar), so the first stage finds the topic and users choose its documents: the feedback an expansion learns from.
/// Every document and question also says "account", so every list shows the whole corpus: the held-out replay sees
/// what a candidate does to every topic's documents.
/// </summary>
public sealed class ExpansionFixture : ApiFixture
{
    public static readonly (string User, string Document, string Anchor)[] Topics =
        [("cancellation", "refund", "order"), ("pto", "vacation", "calendar"), ("bill", "invoice", "accounts"), ("login", "password", "laptop")];

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Learning:QueryExpansion:MinExamples"] = "8",
        ["Learning:Gate:MinHeldOutLists"] = "1",
        ["Experiments:Rollout:Stages:0"] = "0.5", // half the users in the treatment from the first stage
        ["Experiments:Rollout:Stages:1"] = "1",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (var i = 0; i < 24; i++)
        {
            var (_, document, anchor) = Topics[i % Topics.Length];
            await IngestTextAsync($"{document} note {i}", $"The {document} process, note {i}: the {document} desk answers about your {anchor} and your account within {i % 5 + 1} days.");
        }
        for (var user = 0; user < 5; user++)
            foreach (var (asked, document, anchor) in Topics)
            {
                var body = await AskAsUserAsync($"user-{user}", $"{asked} for my {anchor} account");
                var pick = body.GetProperty("sources").EnumerateArray().First(s => s.GetProperty("title").GetString()!.StartsWith(document, StringComparison.Ordinal));
                var (id, chunk) = (body.GetProperty("response_id").GetGuid(), pick.GetProperty("chunk_id").GetGuid());
                (await PostJsonAsync("/v1/feedback", new { response_id = id, type = "click", chunk_id = chunk, position = pick.GetProperty("position").GetInt32() })).EnsureSuccessStatusCode();
                (await PostJsonAsync("/v1/feedback", new { response_id = id, type = "dwell", chunk_id = chunk, seconds = 50 })).EnsureSuccessStatusCode();
            }
    }

    public async Task<JsonElement> AskAsUserAsync(string user, string query, string? tenant = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/query") { Content = JsonContent.Create(new { query, top_k = 24 }, options: Json) };
        request.Headers.Add("X-User-Id", user);
        if (tenant is not null) request.Headers.Add(TenantHeader, tenant);
        var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    public Task<long> HeadAsync() => TestDatabase.ScalarAsync($"select max(seq_id) from {Schema}.mt_events");
}

/// <summary>Query expansion learned from real API feedback: trained, gated, served, recorded and replayed. Real PostgreSQL and RabbitMQ.</summary>
public class QueryExpansionTrainingTests(ExpansionFixture api) : IClassFixture<ExpansionFixture>
{
    private static readonly EventMetadata Admin = new("default", "admin:test", "expansion-test");
    private static string Analyzed(string word) => new EnglishAnalyzer().Analyze(word).Single();

    [Fact]
    public async Task Training_learns_the_documents_words_for_the_users_words_and_the_same_point_trains_the_same_bytes()
    {
        var head = await api.HeadAsync();
        var training = api.Services<QueryExpansionTraining>();

        var first = await training.TrainAsync("default", new AsOf(head, null), "admin:test", default);
        var again = await training.TrainAsync("default", new AsOf(head, null), "admin:test", default);

        first.ModelVersion.ShouldBe("expansion-" + first.ArtifactSha256[..12]);
        again.ArtifactSha256.ShouldBe(first.ArtifactSha256);
        again.TrainingSetSha256.ShouldBe(first.TrainingSetSha256);
        var model = QueryExpansionModel.FromBytes((await api.Services<ModelArtifactStore>().GetAsync(first.ArtifactSha256, default))!);
        foreach (var (asked, document, _) in ExpansionFixture.Topics)
            model.Of(Analyzed(asked)).Select(e => e.Term).ShouldContain(Analyzed(document), asked);

        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var stream = (await session.Events.FetchStreamAsync(ModelStreams.IdOf(first.ModelVersion))).Select(e => e.Data).ToList();
        var trained = stream.OfType<ModelTrained>().First();
        trained.Kind.ShouldBe(ModelKinds.QueryExpansion);
        trained.AsOfSequence.ShouldBe(head);
        int.Parse(trained.HyperParameters["users"], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(4);
        stream.ShouldContain(e => e is ModelValidated || e is ModelRejected);
    }

    [Fact]
    public async Task A_deployed_expansion_finds_documents_without_the_question_s_words_and_the_response_records_why()
    {
        const string question = "cancellation please"; // "please" was never asked beside it, and no document says either word
        var before = await api.AskAsUserAsync("newcomer", question);
        Titles(before).Take(3).Count(t => t.StartsWith("refund", StringComparison.Ordinal)).ShouldBeLessThan(3);

        var version = await DeployedAsync(TableModel(("cancellation", "refund", 0.9)));
        var during = await api.AskAsUserAsync("newcomer", question);

        Titles(during).Take(3).ShouldAllBe(t => t.StartsWith("refund", StringComparison.Ordinal));
        during.GetProperty("model_info").GetProperty("query_expansion").GetString().ShouldBe(version);
        var id = during.GetProperty("response_id").GetGuid();
        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var events = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
        events.OfType<QueryReceived>().Single().Model.QueryExpansion.ShouldBe(version);
        events.OfType<ResultsShown>().Single().Expansions.ShouldBe([new ExpansionApplied(Analyzed("cancellation"), Analyzed("refund"), 0.9)]);

        // The auditor's replay reproduces the response and says which words were added.
        var replay = await Eventually.Get(() => api.Services<QueryReplay>().ReplayResponseAsync("default", id, null, default),
            r => r?.Served?.SameResults == true, TimeSpan.FromSeconds(30), "the replay to see the response");
        replay!.Expansions.ShouldBe(replay.Served!.Expansions);
        replay.Model.QueryExpansion.ShouldBe(version);
        await RetireAsync(version);
    }

    [Fact]
    public async Task The_gate_rejects_a_deliberately_degraded_expansion()
    {
        var head = await api.HeadAsync();
        var inputs = await TrainingInputs.LoadAsync(api.Services<ReadModelRebuilder>(), "default", ModelKinds.QueryExpansion, new AsOf(head, null), default);
        var heldOut = AdapterSetAssembler.Assemble(inputs.Pairs, inputs.Propensities);
        var replay = api.Services<HeldOutReplay>();
        var items = replay.Items("default", heldOut, inputs.Served);
        // Every user word sent to another topic's document word.
        using var degraded = new LearnedQueryExpander("expansion-degraded", TableModel(
            ("cancellation", "password", 1), ("pto", "invoice", 1), ("bill", "vacation", 1), ("login", "refund", 1), ("order", "laptop", 1)));

        var run = GateRun.Judge(replay.Score("default", items, new CandidateModels(Expander: degraded)), replay.Score("default", items, null),
            items.Count, api.Services<IOptions<Infrastructure.Training.LearningOptions>>().Value.Gate, null, _ => default);

        items.Count.ShouldBeGreaterThan(10);
        run.Verdict.Passed.ShouldBeFalse();
        run.Candidate.Mrr10.ShouldBeLessThan(run.Baseline.Mrr10 * new GateOptions().Tolerance, run.Verdict.Reason);
    }

    [Fact]
    public async Task An_expansion_in_an_experiment_serves_its_treatment_arm_only_and_each_response_names_its_arm()
    {
        const string tenant = "expansion-ab"; // a tenant of its own: its running experiment holds no other test back
        foreach (var (_, document, anchor) in ExpansionFixture.Topics)
            await api.IngestTextAsync($"{document} guide", $"The {document} desk answers about your {anchor}.", tenant);
        var at = DateTimeOffset.UtcNow;
        var model = TableModel(("cancellation", "refund", 0.9));
        var artifact = await api.Services<ModelArtifactStore>().PutAsync(model.ToBytes(), ModelKinds.QueryExpansion, at, default);
        var version = "expansion-ab-" + artifact[..8];
        await api.RecordModelAsync(version, ModelKinds.QueryExpansion, artifact, at, tenant: tenant, metadata: Admin with { Tenant = tenant });
        var (experiment, plan) = await api.Services<ExperimentService>().StartAsync(tenant, version, "user", "expansion A/B", Admin with { Tenant = tenant }, default);
        plan.ModelKind.ShouldBe(ModelKinds.QueryExpansion);
        await api.Services<ServingStateFeeder>().WaitForAsync(await api.HeadAsync(), TimeSpan.FromSeconds(30), default);

        await using var session = api.Services<IDocumentStore>().QuerySession(tenant);
        var answers = new List<(JsonElement Body, QueryReceived Received, ResultsShown Shown)>();
        for (var user = 0; user < 24; user++)
        {
            var body = await api.AskAsUserAsync($"ab-user-{user}", "cancellation please", tenant);
            var events = (await session.Events.FetchStreamAsync(body.GetProperty("response_id").GetGuid())).Select(e => e.Data).ToList();
            answers.Add((body, events.OfType<QueryReceived>().Single(), events.OfType<ResultsShown>().Single()));
        }

        var byArm = answers.GroupBy(a => a.Received.Model.Variant).ToDictionary(g => g.Key!, g => g.ToList());
        byArm.Keys.ShouldBe(["control", "treatment"], ignoreOrder: true);
        answers.ShouldAllBe(a => a.Received.Model.ExperimentId == experiment.ToString("N"));
        foreach (var (body, received, shown) in byArm["treatment"])
        {
            received.Model.QueryExpansion.ShouldBe(version);
            shown.Expansions.ShouldBe([new ExpansionApplied(Analyzed("cancellation"), Analyzed("refund"), 0.9)]);
            Titles(body)[0].ShouldBe("refund guide");
        }
        foreach (var (body, received, shown) in byArm["control"])
        {
            received.Model.QueryExpansion.ShouldBeNull();
            shown.Expansions.ShouldBeNull();
            body.GetProperty("model_info").GetProperty("query_expansion").ValueKind.ShouldBe(JsonValueKind.Null);
        }
    }

    private static QueryExpansionModel TableModel(params (string From, string Term, double Confidence)[] rows) =>
        new(rows.GroupBy(r => Analyzed(r.From)).Select(g => KeyValuePair.Create(g.Key,
            (IReadOnlyList<TermExpansion>)[.. g.Select(r => new TermExpansion(Analyzed(r.Term), r.Term, r.Confidence, 10, 3))])), 0.3, 0.5);

    private async Task<string> DeployedAsync(QueryExpansionModel model)
    {
        var at = DateTimeOffset.UtcNow;
        var artifact = await api.Services<ModelArtifactStore>().PutAsync(model.ToBytes(), ModelKinds.QueryExpansion, at, default);
        var version = "expansion-hand-" + artifact[..8];
        await api.RecordModelAsync(version, ModelKinds.QueryExpansion, artifact, at, metadata: Admin);
        await api.Services<ModelDeployment>().DeployAsync("default", version, "hand-made", Admin, default);
        await api.Services<ServingStateFeeder>().WaitForAsync(await api.HeadAsync(), TimeSpan.FromSeconds(30), default);
        return version;
    }

    private async Task RetireAsync(string version)
    {
        await using (var session = api.Services<EventSessions>().OpenWrite(Admin))
        {
            session.Events.Append(ModelStreams.IdOf(version), new ModelDeploymentChanged(version, ModelStage.Retired, 0, "test over", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await api.Services<ServingStateFeeder>().WaitForAsync(await api.HeadAsync(), TimeSpan.FromSeconds(30), default);
    }

    private static List<string> Titles(JsonElement body) =>
        [.. body.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("title").GetString()!)];
}
