namespace EventSourcedRag.Learning.Steering;

/// <summary>One user's learned direction in the encoder's space (unscaled, already shrunk by their evidence).</summary>
/// <param name="Evidence">Responses with a chosen source it was learned from.</param>
public sealed record SteeringDirection(int Evidence, float[] Direction);
