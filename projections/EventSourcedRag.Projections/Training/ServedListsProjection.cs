using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Projections.ReadModels;

namespace EventSourcedRag.Projections.Training;

/// <summary>
/// The served lists with their logged feature rows, which learning joins with the training pairs. Folded from the
/// log as of the training point and never kept live: the rows are already in the events, a stored copy would
/// only double them.
/// </summary>
public sealed class ServedListsProjection : ReadModel
{
    public const string ProjectionName = "served-lists";

    public ServedListsProjection() : base(ProjectionName, 1) => Lists = Rows<ServedList>("list");

    public RowSet<ServedList> Lists { get; }

    public override IReadOnlyCollection<Type> EventTypes { get; } = [typeof(QueryReceived), typeof(RankingFeaturesLogged)];

    public static string KeyOf(string tenant, Guid responseId) => $"{tenant}|{responseId:N}";

    protected override void When(ProjectedEvent e)
    {
        var key = KeyOf(e.Tenant, e.StreamId);
        switch (e.Data)
        {
            case QueryReceived q:
                Lists.Put(key, new ServedList { Tenant = q.Tenant, ResponseId = q.ResponseId, NormalizedQuery = q.NormalizedText, AskedAt = q.At, Reranker = q.Model.Reranker });
                break;
            case RankingFeaturesLogged f when Lists.Find(key) is { } list:
                (list.Sequence, list.FeatureNames, list.Rows) = (e.Sequence, [.. f.FeatureNames], [.. f.Rows]);
                Lists.Touch(key);
                break;
        }
    }
}
