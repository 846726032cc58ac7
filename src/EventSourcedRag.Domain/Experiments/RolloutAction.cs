using System.Text.Json.Serialization;

namespace EventSourcedRag.Domain.Experiments;

/// <summary>What the rollout evaluator decides for a stage. Stored by its lower-case name ("proceed"), as it always was.</summary>
[JsonConverter(typeof(RolloutActionJson))]
public enum RolloutAction
{
    /// <summary>Not enough time or data at this stage yet, or not yet proven better where promotion needs it.</summary>
    Wait,

    /// <summary>Guardrails hold and the primary metrics are not significantly worse: move to the next stage.</summary>
    Proceed,

    /// <summary>Move to full traffic: the treatment is significantly better (or an admin decided so).</summary>
    Promote,

    /// <summary>A guardrail broke or a primary metric is significantly worse: the control serves again.</summary>
    Rollback,

    /// <summary>The assignment is broken (sample-ratio mismatch): the numbers cannot be trusted, the control serves.</summary>
    Halt,

    /// <summary>The experiment ran its maximum duration without a winner: it ends, the control keeps serving.</summary>
    Inconclusive,
}
