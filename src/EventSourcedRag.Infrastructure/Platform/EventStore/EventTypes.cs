using EventSourcedRag.Domain.Access;
using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Domain.Encoders;
using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Domain.Serving;

namespace EventSourcedRag.Infrastructure.Platform.EventStore;

/// <summary>Every event type the store knows, registered up front so any process can read any stream.</summary>
public static class EventTypes
{
    public static readonly Type[] Documents =
    [
        typeof(DocumentSubmitted), typeof(DocumentRevised), typeof(DocumentChunked), typeof(DocumentIndexed),
        typeof(DocumentIngestionFailed), typeof(DocumentDeleted),
    ];

    public static readonly Type[] Queries = [typeof(QueryReceived), typeof(ResultsShown), typeof(RankingFeaturesLogged), typeof(QueryDegraded), typeof(AnswerGenerated), typeof(QueryFailed)];

    public static readonly Type[] Feedback =
    [
        typeof(SourceClicked), typeof(DwellRecorded), typeof(AnswerCopied), typeof(AnswerShared), typeof(ThumbsUpGiven),
        typeof(ThumbsDownGiven), typeof(AnswerRated), typeof(WrongSourceFlagged), typeof(MissingInfoFlagged),
        typeof(SourceSuggested), typeof(QueryReformulated), typeof(QueryAbandoned),
    ];

    public static readonly Type[] Models = [typeof(ModelTrained), typeof(ModelValidated), typeof(ModelRejected), typeof(ModelDeploymentChanged), typeof(ModelRolledBack)];

    public static readonly Type[] Access =
    [
        typeof(ApiKeyCreated), typeof(ApiKeyRevoked), typeof(SubjectErased), typeof(ModelFlaggedForRetraining), typeof(RetentionApplied),
        typeof(CheckpointKeyRotated), typeof(SubjectKeysRewrapped),
    ];

    public static readonly Type[] Encoders = [typeof(EncoderSwitchStarted), typeof(EncoderSwitched), typeof(EncoderSwitchCancelled)];

    public static readonly Type[] Serving = [typeof(ServingExperimentOpened), typeof(ServingExperimentClosed), typeof(ServingModelDeployed)];

    public static IEnumerable<Type> All => Documents.Concat(Queries).Concat(Feedback).Concat(Models).Concat(Access).Concat(Encoders).Concat(Serving);
}
