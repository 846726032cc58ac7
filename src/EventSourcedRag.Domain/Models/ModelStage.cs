using System.Globalization;
using System.Text.Json.Serialization;

namespace EventSourcedRag.Domain.Models;

/// <summary>
/// A deployed model's stage: a canary at some percent of traffic, serving, retired or rolled back. Stored and shown by
/// the names events have always carried ("canary-5", "serving", "retired", "rolled_back").
/// </summary>
/// <param name="CanaryPercent">The canary's share of traffic in percent, rounded to 0.1; zero for the other stages.</param>
[JsonConverter(typeof(ModelStageJson))]
public readonly record struct ModelStage(ModelStageKind Kind, double CanaryPercent = 0)
{
    public static readonly ModelStage Serving = new(ModelStageKind.Serving);
    public static readonly ModelStage Retired = new(ModelStageKind.Retired);
    public static readonly ModelStage RolledBack = new(ModelStageKind.RolledBack);

    private const string CanaryPrefix = "canary-";

    /// <summary>The canary stage of a share of traffic within (0, 1): 0.05 is "canary-5".</summary>
    public static ModelStage Canary(double share) => new(ModelStageKind.Canary, Math.Round(share * 100, 1));

    /// <summary>Whether the stage serves any traffic.</summary>
    [JsonIgnore] public bool InService => Kind is ModelStageKind.Canary or ModelStageKind.Serving;

    public override string ToString() => Kind switch
    {
        ModelStageKind.Canary => CanaryPrefix + CanaryPercent.ToString(CultureInfo.InvariantCulture),
        ModelStageKind.Serving => "serving",
        ModelStageKind.Retired => "retired",
        _ => "rolled_back",
    };

    /// <summary>The stage of a stored name; any name <see cref="ToString"/> writes reads back.</summary>
    /// <exception cref="FormatException">Not a stage name.</exception>
    public static ModelStage Parse(string name) => name switch
    {
        "serving" => Serving,
        "retired" => Retired,
        "rolled_back" => RolledBack,
        _ when name.StartsWith(CanaryPrefix, StringComparison.Ordinal)
               && double.TryParse(name.AsSpan(CanaryPrefix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent)
               && percent is >= 0 and <= 100 => new ModelStage(ModelStageKind.Canary, percent),
        _ => throw new FormatException($"'{name}' is not a model stage."),
    };
}
