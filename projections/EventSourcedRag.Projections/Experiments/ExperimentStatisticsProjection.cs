using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Projections.ReadModels;

namespace EventSourcedRag.Projections.Experiments;

/// <summary>Statistics per experiment and arm, from the experiment and variant each query recorded when it was served.</summary>
public sealed class ExperimentStatisticsProjection : ReadModel
{
    public const string ProjectionName = "experiment-statistics";
    public const string NoExperiment = "none";
    private readonly RowSet<ArmOfResponse> _responses;
    private readonly RowSet<Exposure> _exposures;

    public ExperimentStatisticsProjection() : base(ProjectionName, 1)
    {
        _responses = Rows<ArmOfResponse>("response");
        _exposures = Rows<Exposure>("exposure");
        Variants = Rows<VariantStatistics>("variant");
    }

    public RowSet<VariantStatistics> Variants { get; }

    public override IReadOnlyCollection<Type> EventTypes { get; } =
        [typeof(QueryReceived), typeof(AnswerGenerated), typeof(SourceClicked), typeof(ThumbsUpGiven), typeof(ThumbsDownGiven), typeof(QueryAbandoned)];

    protected override void When(ProjectedEvent e)
    {
        if (e.Data is QueryReceived q)
        {
            var arm = new ArmOfResponse
            {
                Tenant = q.Tenant, Experiment = q.Model.ExperimentId ?? NoExperiment, Variant = q.Model.Variant ?? q.Model.Retriever,
            };
            _responses.Put(ResponseContext.KeyOf(q.ResponseId), arm);
            var stats = Stats(arm);
            stats.Queries++;
            var exposure = $"{arm.Tenant}|{arm.Experiment}|{arm.Variant}|{q.UserHash}";
            if (_exposures.Find(exposure) is null)
            {
                _exposures.Put(exposure, new Exposure());
                stats.Exposures++;
            }
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
                    s.FirstClickReciprocalRankSum += 1.0 / Math.Max(1, click.Position);
                }
                break;
            case ThumbsUpGiven: s.ThumbsUp++; break;
            case ThumbsDownGiven: s.ThumbsDown++; break;
            case QueryAbandoned: s.Abandons++; break;
        }
    }

    private VariantStatistics Stats(ArmOfResponse arm) =>
        Variants.Upsert($"{arm.Tenant}|{arm.Experiment}|{arm.Variant}",
            () => new VariantStatistics { Tenant = arm.Tenant, Experiment = arm.Experiment, Variant = arm.Variant });

    public sealed class ArmOfResponse
    {
        public string Tenant { get; set; } = "";
        public string Experiment { get; set; } = "";
        public string Variant { get; set; } = "";
        public bool Clicked { get; set; }
    }

    public sealed class Exposure;
}
