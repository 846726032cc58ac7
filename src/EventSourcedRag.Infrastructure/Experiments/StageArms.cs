using EventSourcedRag.Learning.Experiments;

namespace EventSourcedRag.Infrastructure.Experiments;

/// <summary>Both arms of an experiment at one stage.</summary>
public sealed record StageArms(int Stage, double TreatmentShare, ArmSummary Control, ArmSummary Treatment);
