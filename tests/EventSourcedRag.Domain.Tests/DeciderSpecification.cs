namespace EventSourcedRag.Domain.Tests;

/// <summary>Given(events).When(command).Then(events) over a pure decider: no I/O, no clock.</summary>
public sealed class DeciderSpecification<TState, TCommand>(Func<TCommand, TState, object[]> decide, Func<TState, object, TState> evolve, TState initial)
{
    private readonly TState _initial = initial;
    private TState _state = initial;
    private Func<object[]>? _when;

    public DeciderSpecification<TState, TCommand> Given(params object[] events)
    {
        _state = events.Aggregate(_initial, evolve);
        return this;
    }

    public DeciderSpecification<TState, TCommand> When(TCommand command)
    {
        var state = _state;
        _when = () => decide(command, state);
        return this;
    }

    public void Then(params object[] expected)
    {
        var actual = (_when ?? throw new InvalidOperationException("When was not called."))();
        actual.Length.ShouldBe(expected.Length, $"events: {string.Join(", ", actual.Select(a => a.GetType().Name))}");
        for (var i = 0; i < expected.Length; i++)
            Json(actual[i]).ShouldBe(Json(expected[i]));
    }

    public void ThenNothing() => Then();

    public TException ThenThrows<TException>() where TException : Exception =>
        Should.Throw<TException>(() => (_when ?? throw new InvalidOperationException("When was not called."))());

    // Records holding lists compare by reference; their JSON compares by value.
    private static string Json(object o) => o.GetType().Name + System.Text.Json.JsonSerializer.Serialize(o, o.GetType());
}
