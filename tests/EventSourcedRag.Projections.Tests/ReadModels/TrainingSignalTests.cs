using EventSourcedRag.Projections.ReadModels;
using EventSourcedRag.Projections.Training;

namespace EventSourcedRag.Projections.Tests.ReadModels;

public class TrainingSignalTests
{
    [Fact]
    public void Rows_and_exports_write_every_signal_by_the_name_it_had_when_it_was_a_string()
    {
        string[] stored = ["click", "long_dwell", "copy", "thumbs_up", "suggested", "wrong_source", "reformulated", "abandoned",
            "click_with_dwell", "suggested_source", "skip_above", "no_click_next"];

        Enum.GetValues<TrainingSignal>().Select(s => s.Name()).ShouldBe(stored);
        Enum.GetValues<TrainingSignal>().Select(s => RowJson.Serialize(s).Trim('"')).ShouldBe(stored);
        RowJson.Deserialize<RecordedSignal>("""{"kind":"long_dwell","chunk_id":null}""").Kind.ShouldBe(TrainingSignal.LongDwell);
    }
}
