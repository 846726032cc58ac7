namespace EventSourcedRag.Domain.Encoders;

/// <param name="Configured">The encoder version this deployment serves to a tenant that never switched.</param>
/// <param name="Target">The exact version to switch to.</param>
/// <param name="TargetNeedsNoModel">The target is the corpus-fitted LSA encoder, which is configuration, not a switch target.</param>
public sealed record StartEncoderSwitch(string Configured, string Target, bool TargetNeedsNoModel, string Reason, string Actor, DateTimeOffset Now);
