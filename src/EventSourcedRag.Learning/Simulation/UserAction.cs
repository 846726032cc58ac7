namespace EventSourcedRag.Learning.Simulation;

/// <summary>What a simulated user did with one result list, in the order they did it.</summary>
public abstract record UserAction
{
    private UserAction() { }

    public sealed record Click(int Position, double DwellSeconds) : UserAction;
    public sealed record Copy(int Position) : UserAction;
    public sealed record WrongSource(int Position) : UserAction;
    public sealed record Thumbs(bool Up) : UserAction;
    public sealed record Rating(int Stars) : UserAction;

    /// <summary>Nothing satisfied the user; they ask again in other words.</summary>
    public sealed record Reformulate : UserAction;

    /// <summary>Nothing satisfied the user; they give up.</summary>
    public sealed record Abandon : UserAction;
}
