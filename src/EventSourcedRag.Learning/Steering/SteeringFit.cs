namespace EventSourcedRag.Learning.Steering;

/// <summary>The model and how each strength tried fared on the users' own choices, left out one response at a time.</summary>
public sealed record SteeringFit(PersonalSteeringModel Model, IReadOnlyDictionary<double, LeaveOneOut> LeaveOneOut, int Users, int Examples);
