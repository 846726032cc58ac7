using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Infrastructure.Training;
using EventSourcedRag.Learning.Steering;
using EventSourcedRag.Testing;
using Marten;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Api.Tests.Learning;

/// <summary>
/// Every topic has policies and guides that its questions match equally well. Some users always choose the policy,
/// others the guide: a taste their questions never state, which only their own choices show. Questions are
/// interleaved by topic, so the held-out (newest) responses are of every user.
/// </summary>
public sealed class SteeringFixture : ApiFixture
{
    public static readonly string[] Topics = ["vacation", "expense", "laptop", "badge", "parking", "payroll", "printer", "visa", "pension", "locker"];
    public const int AskedTopics = 8; // the last two are never asked about
    public static readonly (string User, string Style)[] Users =
        [("policy-reader-0", "policy"), ("guide-reader-0", "guide"), ("policy-reader-1", "policy"), ("guide-reader-1", "guide"), ("policy-reader-2", "policy"),
         ("guide-reader-2", "guide")];
    public const string Occasional = "occasional-reader";
    public const string Erasable = "erasable-reader";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Learning:Gate:MinHeldOutLists"] = "1",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var topic in Topics)
            for (var copy = 0; copy < 2; copy++)
            {
                // Word for word as long, with the topic's word as often: BM25 cannot tell them apart, only taste can.
                await IngestTextAsync($"{topic} policy {copy}", $"The {topic} policy, section {copy}: regulation, entitlement, compliance, obligations, statutory clauses.");
                await IngestTextAsync($"{topic} guide {copy}", $"The {topic} guide, part {copy}: walkthrough, screenshots, steps, form, submit, tutorial.");
            }
        IEnumerable<(string User, string Style)> askers = [.. Users, (Erasable, "policy")];
        for (var t = 0; t < AskedTopics; t++)
            foreach (var (user, style) in t < 2 ? askers.Append((Occasional, "guide")) : askers)
                await ChooseAsync(user, Topics[t], style);
        // Trained once while nothing steers, so the gate compares it with serving everyone unsteered.
        Trained = await Services<PersonalSteeringTraining>().TrainAsync("default", new AsOf(await HeadAsync(), null), "admin:test", default);
    }

    public TrainingOutcome Trained { get; private set; } = null!;

    private async Task ChooseAsync(string user, string topic, string style)
    {
        var body = await AskAsUserAsync(user, $"{topic} question");
        var pick = body.GetProperty("sources").EnumerateArray().First(s => s.GetProperty("title").GetString()!.StartsWith($"{topic} {style}", StringComparison.Ordinal));
        var (id, chunk) = (body.GetProperty("response_id").GetGuid(), pick.GetProperty("chunk_id").GetGuid());
        (await PostJsonAsync("/v1/feedback", new { response_id = id, type = "click", chunk_id = chunk, position = pick.GetProperty("position").GetInt32() })).EnsureSuccessStatusCode();
        (await PostJsonAsync("/v1/feedback", new { response_id = id, type = "dwell", chunk_id = chunk, seconds = 60 })).EnsureSuccessStatusCode();
    }

    public async Task<JsonElement> AskAsUserAsync(string? user, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/query") { Content = JsonContent.Create(new { query, top_k = 10 }, options: Json) };
        if (user is not null) request.Headers.Add("X-User-Id", user);
        var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    public Task<long> HeadAsync() => TestDatabase.ScalarAsync($"select max(seq_id) from {Schema}.mt_events");
}

/// <summary>Personal steering learned from each user's own API feedback: trained, sealed, gated, served, recorded, replayed and erased. Real PostgreSQL and RabbitMQ.</summary>
public class PersonalSteeringTests(SteeringFixture api) : IClassFixture<SteeringFixture>
{
    private static readonly EventMetadata Admin = new("default", "admin:test", "steering-test");

    private string HashOf(string user) => api.Services<UserHasher>().Hash("default", user);

    [Fact]
    public async Task Training_steers_only_users_with_enough_evidence_seals_their_directions_and_the_same_point_trains_the_same_artifact()
    {
        var head = await api.HeadAsync();
        var training = api.Services<PersonalSteeringTraining>();

        var first = await training.TrainAsync("default", new AsOf(head, null), "admin:test", default);
        var again = await training.TrainAsync("default", new AsOf(head, null), "admin:test", default);

        first.ModelVersion.ShouldBe("steering-" + first.ArtifactSha256[..12]);
        again.ArtifactSha256.ShouldBe(first.ArtifactSha256);
        var bytes = (await api.Services<ModelArtifactStore>().GetAsync(first.ArtifactSha256, default))!;
        // The erasure test may have run already: an erased subject is never sealed into a new artifact.
        var erasable = (await api.Services<SubjectKeys>().StatusAsync("default", HashOf(SteeringFixture.Erasable), default)).HasKey ? [HashOf(SteeringFixture.Erasable)] : Array.Empty<string>();
        PersonalSteeringModel.SubjectsOf(bytes).ShouldBe(SteeringFixture.Users.Select(u => HashOf(u.User)).Concat(erasable), ignoreOrder: true);
        PersonalSteeringModel.SubjectsOf(bytes).ShouldNotContain(HashOf(SteeringFixture.Occasional)); // two responses are too little evidence
        // Without the subjects' keys the directions cannot be read.
        Should.Throw<InvalidDataException>(() => PersonalSteeringModel.FromBytes(bytes));

        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var trained = (await session.Events.FetchStreamAsync(ModelStreams.IdOf(first.ModelVersion))).Select(e => e.Data).OfType<ModelTrained>().First();
        trained.Kind.ShouldBe(ModelKinds.PersonalSteering);
        double.Parse(trained.HyperParameters["scale"], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);

        // On the held-out responses of the users it steers, it ranks what they chose higher than serving them unsteered
        // (the gate's own verdict compares with whatever steering serves, which another test may have deployed).
        using var candidate = await PersonalSteering.OpenAsync(first.ModelVersion, "default", bytes, api.Services<SubjectKeys>(), new HashSet<string>(), default);
        using var nobody = new PersonalSteering("steering-nobody", new PersonalSteeringModel(candidate.EncoderVersion, 0, 1, []));
        var inputs = await TrainingInputs.LoadAsync(api.Services<ReadModelRebuilder>(), "default", ModelKinds.PersonalSteering, new AsOf(head, null), default);
        var (_, _, heldOut) = inputs.Responses(api.Services<IOptions<LearningOptions>>().Value.HeldOutShare);
        var replay = api.Services<HeldOutReplay>();
        var items = replay.Items("default", heldOut.Where(q => candidate.For(q.User) is not null).ToList(), inputs.Served);
        items.Count.ShouldBeGreaterThan(3);
        replay.Score("default", items, new CandidateModels(Steering: candidate)).Mrr10.ShouldBeGreaterThan(replay.Score("default", items, new CandidateModels(Steering: nobody)).Mrr10);
    }

    [Fact]
    public async Task A_deployed_steering_puts_each_users_kind_of_document_first_on_a_topic_they_never_asked_about_and_the_replay_reproduces_it()
    {
        api.Trained.Verdict.Passed.ShouldBeTrue(api.Trained.Verdict.Reason);
        api.Trained.Candidate.Mrr10.ShouldBeGreaterThan(api.Trained.Baseline.Mrr10);
        var version = await DeployTrainedAsync();
        var question = $"{SteeringFixture.Topics[^1]} question";

        foreach (var (user, style) in SteeringFixture.Users)
        {
            var body = await api.AskAsUserAsync(user, question);
            Titles(body)[0].ShouldStartWith($"{SteeringFixture.Topics[^1]} {style}", Case.Sensitive, user);
            body.GetProperty("model_info").GetProperty("personal_steering").GetString().ShouldBe(version);
        }
        var anonymous = await api.AskAsUserAsync(null, question);
        anonymous.GetProperty("model_info").GetProperty("personal_steering").ValueKind.ShouldBe(JsonValueKind.Null);
        var occasional = await api.AskAsUserAsync(SteeringFixture.Occasional, question);
        occasional.GetProperty("model_info").GetProperty("personal_steering").ValueKind.ShouldBe(JsonValueKind.Null);

        var steered = await api.AskAsUserAsync(SteeringFixture.Users[1].User, question);
        var id = steered.GetProperty("response_id").GetGuid();
        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var received = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<QueryReceived>().Single();
        received.Model.PersonalSteering.ShouldBe(version);
        var replay = await Eventually.Get(() => api.Services<QueryReplay>().ReplayResponseAsync("default", id, null, default),
            r => r?.Served?.SameResults == true, TimeSpan.FromSeconds(30), "the replay to reproduce the steered response");
        replay!.Model.PersonalSteering.ShouldBe(version);
    }

    [Fact]
    public async Task The_gate_rejects_a_deliberately_degraded_steering()
    {
        var head = await api.HeadAsync();
        var fit = await api.Services<PersonalSteeringTraining>().TrainAsync("default", new AsOf(head, null), "admin:test", default);
        var bytes = (await api.Services<ModelArtifactStore>().GetAsync(fit.ArtifactSha256, default))!;
        var keys = api.Services<SubjectKeys>();
        var trained = await PersonalSteering.OpenAsync(fit.ModelVersion, "default", bytes, keys, new HashSet<string>(), default);
        // Every user pushed away from what they choose.
        var opened = await keys.KeysAsync(PersonalSteeringModel.SubjectsOf(bytes).Select(u => ("default", u)).ToList(), default);
        var model = PersonalSteeringModel.FromBytes(bytes, (user, stored) =>
            opened[("default", user)] is { } key ? Sealing.Decrypt(key, Convert.FromBase64String(stored)) : null);
        using var degraded = new PersonalSteering("steering-degraded", new PersonalSteeringModel(model.Encoder, model.Scale, model.Dimensions,
            model.Users.Select(u => KeyValuePair.Create(u.Key, u.Value with { Direction = [.. u.Value.Direction.Select(x => -x)] }))));

        var inputs = await TrainingInputs.LoadAsync(api.Services<ReadModelRebuilder>(), "default", ModelKinds.PersonalSteering, new AsOf(head, null), default);
        var (_, _, heldOut) = inputs.Responses(api.Services<IOptions<LearningOptions>>().Value.HeldOutShare);
        var replay = api.Services<HeldOutReplay>();
        var items = replay.Items("default", heldOut.Where(q => trained.For(q.User) is not null).ToList(), inputs.Served);
        var run = GateRun.Judge(replay.Score("default", items, new CandidateModels(Steering: degraded)), replay.Score("default", items, null),
            items.Count, api.Services<IOptions<LearningOptions>>().Value.Gate, null, _ => default, gainOnFeedback: true);

        items.Count.ShouldBeGreaterThan(3);
        run.Verdict.Passed.ShouldBeFalse(run.Verdict.Reason);
        trained.Users.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Erasing_a_user_removes_their_steering_from_serving_and_from_the_artifact_while_others_stay_steered()
    {
        var version = await DeployTrainedAsync();
        var question = $"{SteeringFixture.Topics[^2]} question";
        (await api.AskAsUserAsync(SteeringFixture.Erasable, question)).GetProperty("model_info").GetProperty("personal_steering").GetString().ShouldBe(version);

        using var erase = api.AsRole(HttpMethod.Delete, $"/v1/subjects/{SteeringFixture.Erasable}?reason=REQ-STEER", role: "admin");
        var erased = await api.Client.SendAsync(erase);
        erased.StatusCode.ShouldBe(HttpStatusCode.OK, await erased.Content.ReadAsStringAsync());
        await api.Services<ServingStateFeeder>().WaitForAsync(await api.HeadAsync(), TimeSpan.FromSeconds(30), default);

        (await api.AskAsUserAsync(SteeringFixture.Erasable, question)).GetProperty("model_info").GetProperty("personal_steering").ValueKind.ShouldBe(JsonValueKind.Null);
        (await api.AskAsUserAsync(SteeringFixture.Users[0].User, question)).GetProperty("model_info").GetProperty("personal_steering").GetString().ShouldBe(version);
        // A host that loads the artifact afresh cannot open the erased subject's direction.
        var artifact = (await api.Services<IDocumentStore>().QuerySession("default").Events.FetchStreamAsync(ModelStreams.IdOf(version)))
            .Select(e => e.Data).OfType<ModelTrained>().First().ArtifactSha256;
        using var fresh = await PersonalSteering.OpenAsync(version, "default", (await api.Services<ModelArtifactStore>().GetAsync(artifact, default))!,
            api.Services<SubjectKeys>(), new HashSet<string>(), default);
        fresh.For(HashOf(SteeringFixture.Erasable)).ShouldBeNull();
        fresh.For(HashOf(SteeringFixture.Users[0].User)).ShouldNotBeNull();
    }

    private async Task<string> DeployTrainedAsync()
    {
        await api.Services<ModelDeployment>().DeployAsync("default", api.Trained.ModelVersion, "steering test", Admin, default);
        await api.Services<ServingStateFeeder>().WaitForAsync(await api.HeadAsync(), TimeSpan.FromSeconds(30), default);
        return api.Trained.ModelVersion;
    }

    private static List<string> Titles(JsonElement body) =>
        [.. body.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("title").GetString()!)];
}
