using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Testing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EventSourcedRag.Infrastructure.Tests.Platform.ReadModels;

/// <summary>The read-model writer lock against real PostgreSQL: one writer per projection per schema, never across schemas.</summary>
public sealed class ReadModelWriterLockTests : IAsyncLifetime
{
    private const string Projection = "feedback-aggregates";
    private readonly string[] _schemas = [TestDatabase.NewSchemaName("lock-a"), TestDatabase.NewSchemaName("lock-b")];

    [Fact]
    public async Task Given_a_writer_holding_a_projection_When_another_deployment_in_the_same_database_writes_it_Then_it_does_not_wait() =>
        (await SecondWriterAsync(_schemas[1])).ShouldBeNull(); // lock_not_available if the key ignored the schema

    [Fact]
    public async Task Given_a_writer_holding_a_projection_When_a_second_writer_of_the_same_schema_comes_Then_it_waits() =>
        (await SecondWriterAsync(_schemas[0])).ShouldNotBeNull().SqlState.ShouldBe(PostgresErrorCodes.LockNotAvailable);

    // While a writer of the first schema holds the projection, a second writer of `schema` tries to take it;
    // returns why it could not, or null when it could.
    private async Task<PostgresException?> SecondWriterAsync(string schema)
    {
        var (holder, holding) = await HoldAsync(_schemas[0]);
        await using (holder)
        await using (holding)
        {
            var second = Store(schema);
            await using var c = await second.OpenAsync(default);
            await using var tx = await c.BeginTransactionAsync();
            await ImpatientAsync(c, tx);
            try
            {
                await second.LockAsync(c, tx, Projection, default);
                return null;
            }
            catch (PostgresException refused) { return refused; }
        }
    }

    private static async Task<(NpgsqlConnection, NpgsqlTransaction)> HoldAsync(string schema)
    {
        var store = Store(schema);
        var c = await store.OpenAsync(default);
        var tx = await c.BeginTransactionAsync();
        await store.LockAsync(c, tx, Projection, default);
        return (c, tx);
    }

    // A lock wait that gives up at once, so the test asserts "waits" without timing anything.
    private static async Task ImpatientAsync(NpgsqlConnection c, NpgsqlTransaction tx)
    {
        await using var command = new NpgsqlCommand("set local lock_timeout = '100ms'", c, tx);
        await command.ExecuteNonQueryAsync();
    }

    private static ReadModelStore Store(string schema) =>
        new(Options.Create(new StorageOptions { ConnectionString = TestDatabase.ConnectionString, Schema = schema }));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var schema in _schemas) await TestDatabase.DropSchemaAsync(schema);
    }
}
