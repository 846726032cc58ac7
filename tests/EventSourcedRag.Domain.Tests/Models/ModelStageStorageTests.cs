using System.Text.Json;
using EventSourcedRag.Domain.Models;

namespace EventSourcedRag.Domain.Tests.Models;

public class ModelStageStorageTests
{
    private static readonly JsonSerializerOptions StoreLike = StoreLikeJson.Options;

    [Theory]
    [InlineData("canary-5", ModelStageKind.Canary, 5)]
    [InlineData("canary-12.5", ModelStageKind.Canary, 12.5)]
    [InlineData("serving", ModelStageKind.Serving, 0)]
    [InlineData("retired", ModelStageKind.Retired, 0)]
    [InlineData("rolled_back", ModelStageKind.RolledBack, 0)]
    public void A_deployment_change_already_in_the_log_reads_back_and_is_written_as_it_was(string stored, ModelStageKind kind, double percent)
    {
        var json = $$"""{"modelVersion":"m1","stage":"{{stored}}","trafficShare":0.05,"reason":"r","at":"2026-12-06T09:00:00+00:00"}""";

        var read = JsonSerializer.Deserialize<ModelDeploymentChanged>(json, StoreLike)!;

        read.Stage.ShouldBe(new ModelStage(kind, percent));
        JsonSerializer.Serialize(read, StoreLike).ShouldContain($"\"stage\":\"{stored}\"");
    }

    [Fact]
    public void A_canary_stage_is_named_by_its_percent_of_traffic() =>
        ModelStage.Canary(0.25).ToString().ShouldBe("canary-25");

    [Theory]
    [InlineData(0.0004)]
    [InlineData(0.25)]
    [InlineData(0.9996)]
    public void Every_canary_stage_written_reads_back_even_where_its_percent_rounds_to_an_end(double share) =>
        ModelStage.Parse(ModelStage.Canary(share).ToString()).ShouldBe(ModelStage.Canary(share));

    [Theory]
    [InlineData("canary-")]
    [InlineData("canary-101")]
    [InlineData("canary-NaN")]
    [InlineData("Serving")]
    [InlineData("")]
    public void A_name_that_is_no_stage_is_refused_with_a_clear_error(string stored)
    {
        var json = $$"""{"modelVersion":"m1","stage":"{{stored}}","trafficShare":0,"reason":"r","at":"2026-12-06T09:00:00+00:00"}""";
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<ModelDeploymentChanged>(json, StoreLike)).Message.ShouldContain("is not a model stage");
    }
}
