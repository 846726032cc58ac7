using EventSourcedRag.Infrastructure.Platform.EventStore;
using Npgsql;

namespace EventSourcedRag.Infrastructure.Tests.Platform.EventStore;

/// <summary>Issue 27: the event store's pool prepares repeated statements and skips the reset, unless the operator said otherwise.</summary>
public sealed class StoreConnectionTests
{
    [Fact]
    public void A_plain_connection_string_gets_prepared_statements_and_no_reset_on_close()
    {
        var tuned = new NpgsqlConnectionStringBuilder(StoreConnection.Tuned("Host=127.0.0.1;Database=esrag;Username=esrag;Password=secret;Maximum Pool Size=50"));

        tuned.MaxAutoPrepare.ShouldBe(StoreConnection.MaxAutoPrepare);
        tuned.AutoPrepareMinUsages.ShouldBe(StoreConnection.AutoPrepareMinUsages);
        tuned.NoResetOnClose.ShouldBeTrue();
        (tuned.Host, tuned.Database, tuned.Password, tuned.MaxPoolSize).ShouldBe(("127.0.0.1", "esrag", "secret", 50)); // the rest as configured
    }

    [Theory]
    [InlineData("Max Auto Prepare=0;No Reset On Close=false;Auto Prepare Min Usages=5")]
    [InlineData("max auto prepare=0;NO RESET ON CLOSE=false;AutoPrepareMinUsages=5")]
    public void Settings_the_operator_wrote_win_however_they_are_spelled(string settings)
    {
        var tuned = new NpgsqlConnectionStringBuilder(StoreConnection.Tuned("Host=127.0.0.1;Database=esrag;" + settings));

        tuned.MaxAutoPrepare.ShouldBe(0);
        tuned.NoResetOnClose.ShouldBeFalse();
        tuned.AutoPrepareMinUsages.ShouldBe(5);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Databse=esrag")]
    [InlineData("Host=127.0.0.1;=oops")]
    public void A_malformed_or_misspelt_connection_string_is_refused_at_start_naming_the_setting(string connectionString)
    {
        var problems = new StorageOptions { ConnectionString = connectionString }.Validate().ToList();

        problems.ShouldHaveSingleItem().ShouldStartWith("ConnectionStrings:Postgres is not a valid connection string:");
    }
}
