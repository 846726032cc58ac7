namespace EventSourcedRag.Domain;

/// <summary>Several commands on one stream, for one append.</summary>
public static class DecideInTurn
{
    /// <summary>Decides each command on the state the events before it lead to; returns every event, in order.</summary>
    public static object[] Run<TState>(TState state, IEnumerable<object> commands, Func<object, TState, object[]> decide, Func<TState, object, TState> evolve)
    {
        List<object> events = [];
        foreach (var command in commands)
            foreach (var e in decide(command, state))
            {
                events.Add(e);
                state = evolve(state, e);
            }
        return [.. events];
    }
}
