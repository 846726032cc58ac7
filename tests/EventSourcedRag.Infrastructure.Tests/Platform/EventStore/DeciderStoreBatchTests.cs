using EventSourcedRag.Domain;
using EventSourcedRag.Infrastructure.Platform.EventStore;

namespace EventSourcedRag.Infrastructure.Tests.Platform.EventStore;

/// <summary>The batch path's deciding: many commands over many streams, each on the state the ones before it left.</summary>
public class DeciderStoreBatchTests
{
    private sealed record Add(Guid Stream, int Amount);
    private sealed record Added(int Amount);

    // A toy decider: a stream's total may not pass 10.
    private static object[] Decide(Add c, int total) => total + c.Amount > 10
        ? throw new DomainRuleViolated("over_limit", $"{total} + {c.Amount} passes 10.")
        : c.Amount == 0 ? [] : [new Added(c.Amount)];

    private static int Evolve(int total, object e) => e is Added a ? total + a.Amount : total;

    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    [Fact]
    public void Each_command_is_decided_on_the_state_the_commands_before_it_left_on_its_own_stream()
    {
        var streams = new Dictionary<Guid, StreamBatch<int>> { [A] = new(A, 4, 3), [B] = new(B, 0, 1) };
        Add[] commands = [new(A, 5), new(B, 9), new(A, 2), new(B, 1)];

        var outcomes = DeciderStore.DecideEach(commands, c => streams[c.Stream], Decide, Evolve);

        outcomes[0].Events.ShouldBe([new Added(5)]);
        outcomes[1].Events.ShouldBe([new Added(9)]);
        outcomes[2].Refusal.ShouldBeOfType<DomainRuleViolated>().Code.ShouldBe("over_limit"); // 4 + 5 + 2 passes 10
        outcomes[3].Events.ShouldBe([new Added(1)]);
        (streams[A].State, streams[A].Decided.Count, streams[A].NextVersion).ShouldBe((9, 1, 4));
        (streams[B].State, streams[B].Decided.Count, streams[B].NextVersion).ShouldBe((10, 2, 3));
    }

    [Fact]
    public void A_refused_or_empty_decision_stores_nothing_and_the_commands_after_it_still_decide()
    {
        var streams = new Dictionary<Guid, StreamBatch<int>> { [A] = new(A, 10, 7) };
        Add[] commands = [new(A, 1), new(A, 0)];

        var outcomes = DeciderStore.DecideEach(commands, c => streams[c.Stream], Decide, Evolve);

        outcomes[0].Refusal.ShouldNotBeNull();
        (outcomes[1].Events.Length, outcomes[1].Refusal).ShouldBe((0, null));
        (streams[A].State, streams[A].NextVersion).ShouldBe((10, 7));
    }

    [Fact]
    public void Events_are_kept_in_the_form_they_are_stored_in_while_the_state_folds_the_events_themselves()
    {
        var streams = new Dictionary<Guid, StreamBatch<int>> { [A] = new(A, 0, 0) };

        DeciderStore.DecideEach([new Add(A, 3)], c => streams[c.Stream], Decide, Evolve, stamp: (c, e) => ("stamped", e));

        streams[A].Decided.ShouldBe([("stamped", (object)new Added(3))]);
        streams[A].State.ShouldBe(3);
    }
}
