using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedRag.Infrastructure.Platform.EventStore;

public static class EventStoreRegistration
{
    /// <summary>The Marten store, its schema applied at start, and the sessions every writer opens.</summary>
    /// <returns>Marten's configuration, so a worker can add the async daemon and its subscriptions.</returns>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddEventStore(this IServiceCollection services, StorageOptions storage)
    {
        var marten = services.AddMarten(_ =>
            {
                var o = new StoreOptions();
                MartenRegistration.Configure(o, storage);
                return o;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
        services.AddSingleton<EventSessions>();
        return marten;
    }
}
