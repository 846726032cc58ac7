namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>
/// Seen-query memory (section "Feedback:Memory"): the chunks earlier users of the same normalised question chose
/// join that question's candidates. Every replica folds the same log with the same settings, so it serves alike,
/// and an auditor's replay uses these settings too.
/// </summary>
public sealed class SeenQueryMemoryOptions
{
    /// <summary>Off: no chunk joins the candidates for having been chosen before (priors still reorder).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many askings of the same question halve an earlier choice's weight: memory follows the question's own traffic, not the clock.</summary>
    public double HalfLifeAskings { get; set; } = 200;

    /// <summary>How many clicks one user (or, without a user, one session) may add to one (question, chunk): one user cannot buy a place.</summary>
    public int PerUserCap { get; set; } = 1;

    /// <summary>Decayed clicks a chunk needs before it joins the candidates.</summary>
    public double MinClicks { get; set; } = 0.5;

    /// <summary>
    /// Pseudo-examinations added to the denominator, so one click on one impression is weaker evidence than a chunk
    /// clicked again and again: score = clicks / (examinations + smoothing).
    /// </summary>
    public double Smoothing { get; set; } = 1;

    /// <summary>How many remembered chunks one question brings at most, strongest first.</summary>
    public int MaxPerQuery { get; set; } = 20;

    /// <summary>
    /// The memory's weight in fusion, beside the lexical list's 1: a remembered score adds weight × score to the fused
    /// score. Strong on purpose: a chunk remembered wrongly is shown high, examined without clicks, and its score falls.
    /// </summary>
    public double Weight { get; set; } = 2.0;

    public IEnumerable<string> Validate()
    {
        if (HalfLifeAskings <= 0) yield return "Feedback:Memory:HalfLifeAskings must be above 0.";
        if (PerUserCap < 1) yield return "Feedback:Memory:PerUserCap must be at least 1.";
        if (MinClicks <= 0) yield return "Feedback:Memory:MinClicks must be above 0.";
        if (Smoothing < 0) yield return "Feedback:Memory:Smoothing must not be negative.";
        if (MaxPerQuery < 1) yield return "Feedback:Memory:MaxPerQuery must be at least 1.";
        if (Weight < 0) yield return "Feedback:Memory:Weight must not be negative.";
    }
}
