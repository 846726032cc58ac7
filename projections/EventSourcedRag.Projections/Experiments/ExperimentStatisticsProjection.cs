using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Projections.ReadModels;

namespace EventSourcedRag.Projections.Experiments;

/// <summary>
/// Statistics per experiment, rollout stage and arm, from the experiment, stage and variant each query recorded
/// when it was served (or when it failed). Stages are kept apart because each stage splits traffic differently:
/// the sample-ratio check and the tests compare arms within one stage.
/// </summary>
public sealed class ExperimentStatisticsProjection : ReadModel
{
    public const string ProjectionName = "experiment-statistics";
    public const string NoExperiment = "none";
    private readonly RowSet<ArmOfResponse> _responses;
    private readonly RowSet<Exposure> _exposures;

    public ExperimentStatisticsProjection() : base(ProjectionName, 2)
    {
        _responses = Rows<ArmOfResponse>("response");
        _exposures = Rows<Exposure>("exposure");
        Variants = Rows<VariantStatistics>("variant");
    }

    public RowSet<VariantStatistics> Variants { get; }

    public override IReadOnlyCollection<Type> EventTypes { get; } =
        [typeof(QueryReceived), typeof(QueryFailed), typeof(AnswerGenerated), typeof(SourceClicked), typeof(ThumbsUpGiven), typeof(ThumbsDownGiven), typeof(QueryAbandoned)];

    protected override void When(ProjectedEvent e)
    {
        switch (e.Data)
        {
            case QueryReceived q:
                _responses.Put(ResponseContext.KeyOf(q.ResponseId), Received(q.Tenant, q.Model, q.UserHash));
                return;
            case QueryFailed f:
                Stats(Received(f.Tenant, f.Model, f.UserHash)).Errors++;
                return;
        }
        var responseId = e.Data switch
        {
            AnswerGenerated a => a.ResponseId,
            IFeedbackEvent f => f.ResponseId,
            _ => Guid.Empty,
        };
        if (_responses.Find(ResponseContext.KeyOf(responseId)) is not { } response) return;
        var s = Stats(response);
        switch (e.Data)
        {
            case AnswerGenerated answer:
                s.LatencySumMs += answer.Latency.TotalMs;
                s.LatencySquaresMs += answer.Latency.TotalMs * answer.Latency.TotalMs;
                s.LatencyHistogram[VariantStatistics.LatencyBucket(answer.Latency.TotalMs)]++;
                break;
            case SourceClicked click:
                s.Clicks++;
                if (!response.Clicked)
                {
                    response.Clicked = true;
                    _responses.Touch(ResponseContext.KeyOf(responseId));
                    s.ClickedResponses++;
                    var reciprocal = 1.0 / Math.Max(1, click.Position);
                    s.FirstClickReciprocalRankSum += reciprocal;
                    s.FirstClickReciprocalRankSquares += reciprocal * reciprocal;
                }
                break;
            case ThumbsUpGiven: s.ThumbsUp++; break;
            case ThumbsDownGiven: s.ThumbsDown++; break;
            case QueryAbandoned: s.Abandons++; break;
        }
    }

    // Counts the query and its unit (the unit the experiment assigned, else the user) in its arm.
    private ArmOfResponse Received(string tenant, ServingModel model, string userHash)
    {
        var arm = new ArmOfResponse
        {
            Tenant = tenant, Experiment = model.ExperimentId ?? NoExperiment, Stage = model.ExperimentStage ?? 0, Variant = model.Variant ?? model.Retriever,
        };
        var stats = Stats(arm);
        stats.Queries++;
        var unit = $"{Key(arm)}|{model.ExperimentUnit ?? userHash}";
        if (_exposures.Find(unit) is null)
        {
            _exposures.Put(unit, new Exposure());
            stats.Exposures++;
        }
        return arm;
    }

    public static string KeyOf(string tenant, string experiment, int stage, string variant) => $"{tenant}|{experiment}|{stage}|{variant}";

    private static string Key(ArmOfResponse arm) => KeyOf(arm.Tenant, arm.Experiment, arm.Stage, arm.Variant);

    private VariantStatistics Stats(ArmOfResponse arm) =>
        Variants.Upsert(Key(arm), () => new VariantStatistics { Tenant = arm.Tenant, Experiment = arm.Experiment, Stage = arm.Stage, Variant = arm.Variant });

    public sealed class ArmOfResponse
    {
        public string Tenant { get; set; } = "";
        public string Experiment { get; set; } = "";
        public int Stage { get; set; }
        public string Variant { get; set; } = "";
        public bool Clicked { get; set; }
    }

    public sealed class Exposure;
}
