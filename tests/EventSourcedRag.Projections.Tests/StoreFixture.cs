using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Testing;
using Marten;

namespace EventSourcedRag.Projections.Tests;

/// <summary>A Marten store configured exactly as the application's, on a schema of its own.</summary>
public sealed class StoreFixture : IAsyncLifetime
{
    public string Schema { get; } = TestDatabase.NewSchemaName("proj");
    public DocumentStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var storage = new StorageOptions { ConnectionString = TestDatabase.ConnectionString, Schema = Schema };
        Store = DocumentStore.For(o => MartenRegistration.Configure(o, storage));
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        Store.Dispose();
        await TestDatabase.DropSchemaAsync(Schema);
    }
}
