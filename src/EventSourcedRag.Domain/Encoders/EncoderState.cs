namespace EventSourcedRag.Domain.Encoders;

/// <summary>A tenant's encoder, from its encoder stream.</summary>
/// <param name="Serving">The version a switch put in service; null while the tenant serves the configured one.</param>
/// <param name="Target">The version a switch in progress is embedding towards.</param>
/// <param name="From">The version serving when that switch started.</param>
public sealed record EncoderState(string? Serving, string? Target, string? From)
{
    public static readonly EncoderState Configured = new(null, null, null);

    public bool Switching => Target is not null;

    /// <summary>The version serving now, given the deployment's configured one.</summary>
    public string ServingOr(string configured) => Serving ?? configured;
}
