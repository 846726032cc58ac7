using System.Text.Json;

namespace EventSourcedRag.Projections.Training;

public static class TrainingSignalNames
{
    private static readonly Dictionary<TrainingSignal, string> Names =
        Enum.GetValues<TrainingSignal>().ToDictionary(s => s, s => JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString()));

    /// <summary>The name rows and exports write, as <see cref="ReadModels.RowJson"/> writes the enum.</summary>
    public static string Name(this TrainingSignal signal) => Names[signal];
}
