using System.Globalization;

namespace EventSourcedRag.Learning.Steering;

/// <summary>How per-user steering vectors are learned (configuration section <c>Learning:PersonalSteering</c>).</summary>
public sealed record PersonalSteeringOptions
{
    /// <summary>
    /// Responses with a chosen source a user needs before they get a vector. Below it a user's choices say more about
    /// the questions they happened to ask than about them, and they are served as everyone else.
    /// </summary>
    public int MinEvidence { get; init; } = 5;

    /// <summary>A user's direction is shrunk by n / (n + Shrinkage) for n responses: little evidence, a gentle push.</summary>
    public double Shrinkage { get; init; } = 5;

    /// <summary>
    /// The steering strengths tried; the one with the best leave-one-response-out likelihood of the users' own choices
    /// is kept, and 0 (no steering) competes with them, so a user base without personal taste learns to steer nobody.
    /// </summary>
    public double[] Scales { get; init; } = [0.25, 0.5, 1.0, 2.0, 4.0];

    /// <summary>How many of the training set's chosen chunks each left-out choice is ranked against.</summary>
    public int RankingPool { get; init; } = 1000;

    /// <summary>The most users one model steers, those with the most evidence first (an artifact's size bound).</summary>
    public int MaxUsers { get; init; } = 20_000;

    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["min_evidence"] = MinEvidence.ToString(CultureInfo.InvariantCulture),
        ["shrinkage"] = Shrinkage.ToString("R", CultureInfo.InvariantCulture),
        ["scales"] = string.Join(' ', Scales.Select(s => s.ToString("R", CultureInfo.InvariantCulture))),
        ["ranking_pool"] = RankingPool.ToString(CultureInfo.InvariantCulture),
        ["max_users"] = MaxUsers.ToString(CultureInfo.InvariantCulture),
    };

    public IEnumerable<string> Validate()
    {
        if (MinEvidence is < 2 or > 10_000) yield return "Learning:PersonalSteering:MinEvidence must be between 2 and 10,000 (one response cannot be left out of itself).";
        if (Shrinkage < 0) yield return "Learning:PersonalSteering:Shrinkage must not be negative.";
        if (Scales.Length == 0 || Scales.Any(s => s is <= 0 or > 10)) yield return "Learning:PersonalSteering:Scales must list strengths in (0, 10].";
        if (RankingPool is < 10 or > 100_000) yield return "Learning:PersonalSteering:RankingPool must be between 10 and 100,000.";
        if (MaxUsers is < 1 or > 1_000_000) yield return "Learning:PersonalSteering:MaxUsers must be between 1 and 1,000,000.";
    }
}
