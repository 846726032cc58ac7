namespace EventSourcedRag.Domain.Encoders;

/// <summary>
/// A tenant's dense encoder began to change from <paramref name="From"/> to <paramref name="To"/> (exact encoder versions).
/// The worker now embeds every live chunk under <paramref name="To"/> in the background while <paramref name="From"/>
/// keeps serving; nothing a client sees changes until <see cref="EncoderSwitched"/>.
/// </summary>
public sealed record EncoderSwitchStarted(string From, string To, string Reason, string Actor, DateTimeOffset At);

/// <summary>
/// Every live chunk had a stored vector under <paramref name="To"/>, so from this point in the log the tenant's
/// queries and indexes use it. Hosts rebuild their dense index from the stored vectors when they reach this event.
/// </summary>
/// <param name="Chunks">Live chunks checked to have a vector under <paramref name="To"/> when the switch was made.</param>
public sealed record EncoderSwitched(string From, string To, long Chunks, DateTimeOffset At);

/// <summary>The switch to <paramref name="To"/> was abandoned; <paramref name="From"/> goes on serving. Vectors already stored stay (a later switch reuses them).</summary>
public sealed record EncoderSwitchCancelled(string From, string To, string Reason, string Actor, DateTimeOffset At);
