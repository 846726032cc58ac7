using System.Diagnostics;
using System.Globalization;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Learning.Steering;
using EventSourcedRag.Retrieval.Dense;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// Trains personal steering from the feedback in the log as of a point: each named user's responses with a chosen
/// chunk, embedded by the tenant's encoder as it serves now (<see cref="PersonalSteeringTrainer"/>); anonymous
/// questions teach nothing, and the newest share of responses is held out. The artifact seals each user's direction
/// with that user's key (<see cref="PersonalSteering.SealAsync"/>). The gate replays the held-out responses of the
/// users it (or the serving steering) steers, over the documents their lists showed, scored by what they chose
/// (<see cref="HeldOutReplay"/>). Judged queries name no user, so there held-out feedback must show the gain and a
/// benchmark split can only veto (<see cref="GateRun"/>).
/// </summary>
public sealed class PersonalSteeringTraining(
    ReadModelRebuilder rebuilder, QueryService queries, HeldOutReplay replay, EventLogIndexFeeder index, ServingModels serving, ModelArtifactStore artifacts,
    SubjectKeys keys, EventSessions sessions, IOptions<LearningOptions> options, TimeProvider clock)
{
    public const string Kind = ModelKinds.PersonalSteering;

    public async Task<TrainingOutcome> TrainAsync(string tenant, AsOf asOf, string actor, CancellationToken ct, IBenchmarkSplit? benchmark = null)
    {
        var o = options.Value;
        var inputs = await TrainingInputs.LoadAsync(rebuilder, tenant, Kind, asOf, ct);
        var (sequence, tenantPairs, served, _, baselineVersion) = inputs;
        var (labelled, all, heldOut) = inputs.Responses(o.HeldOutShare);
        var train = all.Where(q => q.User.StartsWith(QueryDecider.NamedUserPrefix, StringComparison.Ordinal)).ToList();

        await inputs.WaitForIndexAsync(index, ct);
        var vectors = queries.Embed(tenant, train.Select(q => q.Query).ToList(), train.SelectMany(q => q.Positives.Keys.Concat(q.HardNegatives)))
                      ?? throw new InvalidOperationException("The tenant has no dense index yet, so there is no query embedding to steer.");
        var examples = Examples(train, vectors);

        var clockRun = Stopwatch.StartNew();
        var fit = new PersonalSteeringTrainer(o.PersonalSteering).Train(examples, vectors.EncoderVersion);
        var bytes = await PersonalSteering.SealAsync(tenant, fit.Model, keys, ct);
        var seconds = Math.Round(clockRun.Elapsed.TotalSeconds, 3);

        ct.ThrowIfCancellationRequested(); // a cancelled run stores nothing: no artifact, no events
        var now = clock.GetUtcNow();
        var artifact = await artifacts.PutAsync(bytes, Kind, now, ct);
        var version = "steering-" + artifact[..12];
        // Judged as it would serve: opened from its sealed artifact, as a host would open it.
        using var candidate = await PersonalSteering.OpenAsync(version, tenant, bytes, keys, new HashSet<string>(), ct);
        var current = serving.SteeringFor(tenant);
        var steered = heldOut.Where(q => candidate.For(q.User) is not null || current?.For(q.User) is not null).ToList();
        var replays = replay.Items(tenant, steered, served);
        var gate = GateRun.Judge(replay.Score(tenant, replays, new CandidateModels(Steering: candidate)), replay.Score(tenant, replays, null), replays.Count,
            o.Gate, benchmark, split => (split.Evaluate(new CandidateModels(Steering: candidate)), split.Evaluate()), gainOnFeedback: true);

        var hyper = new SortedDictionary<string, string>(o.PersonalSteering.Describe().ToDictionary(), StringComparer.Ordinal)
        {
            ["encoder"] = vectors.EncoderVersion,
            ["users"] = fit.Users.ToString(CultureInfo.InvariantCulture),
            ["examples"] = fit.Examples.ToString(CultureInfo.InvariantCulture),
            ["scale"] = fit.Model.Scale.ToString("R", CultureInfo.InvariantCulture),
            ["held_out_share"] = o.HeldOutShare.ToString("R", CultureInfo.InvariantCulture),
            ["held_out_steered"] = steered.Count.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (scale, loo) in fit.LeaveOneOut)
        {
            hyper["loo_mrr@" + scale.ToString("R", CultureInfo.InvariantCulture)] = loo.Mrr.ToString("F6", CultureInfo.InvariantCulture);
            hyper["loo_log_likelihood@" + scale.ToString("R", CultureInfo.InvariantCulture)] = loo.LogLikelihood.ToString("F6", CultureInfo.InvariantCulture);
        }
        var trained = new RecordTrainedModel(version, Kind, baselineVersion, Fingerprint(vectors.EncoderVersion, labelled, heldOut.Count), sequence, hyper, 0,
            artifact, seconds, now);
        return await gate.RecordAsync(sessions, tenant, actor, trained, tenantPairs.Count, examples.Count, ct);
    }

    private static List<SteeringExample> Examples(IReadOnlyList<AdapterQuery> train, DenseVectors vectors) =>
        ChosenVectors.Examples(train, vectors, (q, query, chunk, chosen, negatives, weight) =>
            new SteeringExample(q.User, q.ResponseId.ToString("N"), query, chunk.ToString("N"), chosen, negatives, weight));

    /// <summary>Over the encoder, the split and every response's user, query, positives (with weights) and hard negatives.</summary>
    private static string Fingerprint(string encoder, IReadOnlyList<AdapterQuery> labelled, int heldOut) =>
        InputsFingerprint.Of($"kind={Kind}\nencoder={encoder}\nheld_out={heldOut}\n", labelled,
            q => [q.ResponseId.ToString("N"), q.User, q.Query, InputsFingerprint.Positives(q), InputsFingerprint.Negatives(q)]);
}
