using EventSourcedRag.Projections.Documents;
using JasperFx;
using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using Marten;
using Weasel.Core;

namespace EventSourcedRag.Infrastructure.Platform.EventStore;

/// <summary>The one place the Marten store is shaped: schema, tenancy, metadata, event types, projections.</summary>
public static class MartenRegistration
{
    public static void Configure(StoreOptions o, StorageOptions storage)
    {
        o.Connection(StoreConnection.Tuned(storage.ConnectionString));
        o.DatabaseSchemaName = storage.Schema;
        o.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        o.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

        // Tenants share tables; every event and document row carries its tenant id.
        o.Events.TenancyStyle = TenancyStyle.Conjoined;
        o.Policies.AllDocumentsAreMultiTenanted();
        o.Events.MetadataConfig.EnableAll();
        o.Events.AddEventTypes(EventTypes.All);

        o.Projections.Add(new DocumentStatusProjection(), ProjectionLifecycle.Inline);

        o.Schema.For<Documents.StoredUpload>();
        o.Schema.For<Documents.ContentHashClaim>();
        o.Schema.For<Feedback.FeedbackLedger>();
        o.Schema.For<Feedback.FeedbackKeyClaim>().Duplicate(c => c.ResponseId);
    }
}
