using EventSourcedRag.Domain.Experiments;
namespace EventSourcedRag.Learning.Experiments;

/// <summary>
/// The evaluator's decision, the statistics it rests on (stored in the decision event, for auditors), and the
/// always-valid p-values to carry into the next evaluation of the same stage.
/// </summary>
public sealed record RolloutDecision(
    RolloutAction Action, string Reason, IReadOnlyDictionary<string, double> Statistics, IReadOnlyDictionary<string, double> SequentialPValues);
