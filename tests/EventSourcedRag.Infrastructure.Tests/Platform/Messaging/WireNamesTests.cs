using EventSourcedRag.Infrastructure.Ingestion;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Infrastructure.Training;
using MassTransit;

namespace EventSourcedRag.Infrastructure.Tests.Platform.Messaging;

/// <summary>
/// Integration events live beside their dispatcher and consumer, but keep the names they had on the wire when they all
/// sat in Messaging/: a consumer matches a message by that name, so workers of the previous version and messages still
/// queued keep working across an upgrade.
/// </summary>
public class WireNamesTests
{
    [Theory]
    [InlineData(typeof(DocumentAcceptedIntegrationEvent))]
    [InlineData(typeof(DocumentChunkedIntegrationEvent))]
    [InlineData(typeof(TrainModelIntegrationEvent))]
    [InlineData(typeof(ServingChanged))]
    public void Each_integration_event_keeps_its_message_urn_and_exchange_name(Type message)
    {
        var name = "EventSourcedRag.Infrastructure.Messaging:" + message.Name;

        MessageUrn.ForTypeString(message).ShouldBe("urn:message:" + name);
        message.GetCustomAttributes(typeof(EntityNameAttribute), false).Cast<EntityNameAttribute>().Single().EntityName.ShouldBe(name);
    }
}
