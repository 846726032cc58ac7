using System.Text.Json;
using EventSourcedRag.Domain.Experiments;

namespace EventSourcedRag.Domain.Tests.Experiments;

public class RolloutActionStorageTests
{
    private static readonly JsonSerializerOptions StoreLike = StoreLikeJson.Options;

    [Theory]
    [InlineData(RolloutAction.Wait, "wait")]
    [InlineData(RolloutAction.Proceed, "proceed")]
    [InlineData(RolloutAction.Promote, "promote")]
    [InlineData(RolloutAction.Rollback, "rollback")]
    [InlineData(RolloutAction.Halt, "halt")]
    [InlineData(RolloutAction.Inconclusive, "inconclusive")]
    public void An_evaluation_stores_its_action_by_the_name_stored_events_already_carry(RolloutAction action, string stored)
    {
        var evaluated = new RolloutEvaluated(Guid.Empty, 1, 0, action, "r", new Dictionary<string, double>(), new Dictionary<string, double>(), DateTimeOffset.UnixEpoch);

        var json = JsonSerializer.Serialize(evaluated, StoreLike);

        json.ShouldContain($"\"action\":\"{stored}\"");
        JsonSerializer.Deserialize<RolloutEvaluated>(json, StoreLike)!.Action.ShouldBe(action);
        RolloutActionNames.Name(action).ShouldBe(stored);
    }
}
