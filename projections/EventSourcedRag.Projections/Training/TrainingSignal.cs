namespace EventSourcedRag.Projections.Training;

/// <summary>
/// The one vocabulary of evidence in training: the feedback a response's events showed (observed), and what a side of
/// a pair rests on (derived from them). Rows and exports write each as its snake_case name ("click_with_dwell"), the
/// names they always had, so stored read models and earlier exports read the same.
/// </summary>
public enum TrainingSignal
{
    // Observed: one per feedback event the pairs are built from.
    Click,
    LongDwell,
    Copy,
    ThumbsUp,
    Suggested,
    WrongSource,
    Reformulated,
    Abandoned,

    // Derived: the evidence a pair side rests on (Copy, ThumbsUp, WrongSource, Reformulated and Abandoned serve as both).
    ClickWithDwell,
    SuggestedSource,
    SkipAbove,
    NoClickNext,
}
