using EventSourcedRag.Infrastructure.Configuration;
using EventSourcedRag.Infrastructure.ReadModels;
using EventSourcedRag.Testing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EventSourcedRag.Infrastructure.Tests.ReadModels;

/// <summary>The read-model writer lock against real PostgreSQL: one writer per projection per schema, never across schemas.</summary>
public sealed class ReadModelWriterLockTests : IAsyncLifetime
{
    private const string Projection = "feedback-aggregates";
    private readonly string[] _schemas = [TestDatabase.NewSchemaName("lock-a"), TestDatabase.NewSchemaName("lock-b")];

    [Fact]
    public async Task Given_a_writer_holding_a_projection_When_another_deployment_in_the_same_database_writes_it_Then_it_does_not_wait()
    {
        var (holder, holding) = await HoldAsync(_schemas[0]);
        await using (holder)
        await using (holding)
        {
            var other = Store(_schemas[1]);
            await using var c = await other.OpenAsync(default);
            await using var tx = await c.BeginTransactionAsync();
            await ImpatientAsync(c, tx);
            await other.LockAsync(c, tx, Projection, default); // would fail with lock_not_available if the key ignored the schema
        }
    }

    [Fact]
    public async Task Given_a_writer_holding_a_projection_When_a_second_writer_of_the_same_schema_comes_Then_it_waits()
    {
        var (holder, holding) = await HoldAsync(_schemas[0]);
        await using (holder)
        await using (holding)
        {
            var same = Store(_schemas[0]);
            await using var c = await same.OpenAsync(default);
            await using var tx = await c.BeginTransactionAsync();
            await ImpatientAsync(c, tx);
            var refused = await Should.ThrowAsync<PostgresException>(() => same.LockAsync(c, tx, Projection, default));
            refused.SqlState.ShouldBe(PostgresErrorCodes.LockNotAvailable);
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
