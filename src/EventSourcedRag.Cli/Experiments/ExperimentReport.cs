using EventSourcedRag.Domain.Experiments;
using System.Globalization;
using EventSourcedRag.Infrastructure.Experiments;
using EventSourcedRag.Learning.Experiments;
using EventSourcedRag.Learning.Statistics;
using Spectre.Console;

namespace EventSourcedRag.Cli.Experiments;

/// <summary>An experiment as an analyst or auditor reads it: setup, per-stage arms with intervals, the current decision, the history.</summary>
public static class ExperimentReport
{
    public static void Print(ExperimentStatus status)
    {
        var x = status.Entry;
        AnsiConsole.MarkupLine(Markup.Escape(Invariant(
            $"Experiment {x.ExperimentId:N} ({x.ModelKind}): control {x.ControlVersion ?? "default"} vs treatment {x.TreatmentVersion}, assigned by {x.AssignmentUnit}")));
        AnsiConsole.MarkupLine(Markup.Escape(Invariant(
            $"Started {x.StartedAt:u} by {x.StartedBy}: {x.Reason}. Stages {string.Join(" → ", x.Stages.Select(s => $"{s * 100:0.#}%"))}; power estimate {x.MinQueriesPerArm} responses per arm.")));
        AnsiConsole.MarkupLine(Markup.Escape(x.Outcome is null
            ? Invariant($"Running at stage {x.StageIndex + 1} ({x.TreatmentShare * 100:0.#}% treatment) since {x.StageStartedAt:u}; {x.Evaluations} evaluations.")
            : Invariant($"Ended {x.EndedAt:u}: {x.Outcome}.")));

        var table = new Table().AddColumns("Stage", "Arm", "Units", "Responses", "CTR (95% CI)", "First-click RR (95% CI)", "Abandonment (95% CI)", "Thumbs up", "Errors", "Latency p50/p95/p99 ms");
        foreach (var stage in status.Stages)
            foreach (var (arm, s) in new[] { ("control", stage.Control), ("treatment", stage.Treatment) })
                table.AddRow(Invariant($"{stage.Stage + 1} ({stage.TreatmentShare * 100:0.#}%)"), arm, s.Units.ToString(CultureInfo.InvariantCulture),
                    s.Queries.ToString(CultureInfo.InvariantCulture),
                    Rate(s.ClickedResponses, s.Queries), Mean(s), Rate(s.Abandons, s.Queries),
                    s.ThumbsRatio is { } t ? Invariant($"{t:P1} of {s.ThumbsUp + s.ThumbsDown}") : "–",
                    Invariant($"{s.Errors} ({s.ErrorRate:P2})"), s.LatencyP95Ms is null ? "–" : Invariant($"{s.LatencyP50Ms:0.#}/{s.LatencyP95Ms:0.#}/{s.LatencyP99Ms:0.#}"));
        AnsiConsole.Write(table);

        if (status.Preview is { } preview)
        {
            AnsiConsole.MarkupLine(Markup.Escape($"Decision if evaluated now: {RolloutActionNames.Name(preview.Action)} — {preview.Reason}"));
            foreach (var metric in RolloutEvaluator.PrimaryMetrics.Where(m => preview.Statistics.ContainsKey(m + "_difference")))
                AnsiConsole.MarkupLine(Markup.Escape(Invariant(
                    $"  {metric}: treatment − control {preview.Statistics[metric + "_difference"]:+0.0000;-0.0000} [{preview.Statistics[metric + "_difference_ci_low"]:0.0000}, {preview.Statistics[metric + "_difference_ci_high"]:0.0000}], p {preview.Statistics[metric + "_p"]:0.0000}, always-valid p {preview.Statistics[metric + "_p_sequential"]:0.0000}, Holm {preview.Statistics[metric + "_p_holm"]:0.0000}")));
        }

        AnsiConsole.MarkupLine("[bold]History[/] (evaluations that only waited for the same reason are folded into one):");
        foreach (var h in x.History)
            AnsiConsole.MarkupLine(Markup.Escape(Invariant($"  #{h.Sequence} {h.At:u} {h.Actor}: {h.Type} stage {h.Stage + 1} {h.Detail} — {h.Reason}")));
    }

    private static string Rate(long successes, long trials)
    {
        if (trials == 0) return "–";
        var (low, high) = Intervals.Proportion(successes, trials);
        return Invariant($"{(double)successes / trials:0.000} [{low:0.000}, {high:0.000}]");
    }

    private static string Mean(ArmSummary s)
    {
        if (s.Queries < 2) return "–";
        var (low, high) = Intervals.Mean(s.MeanReciprocalRank, s.ReciprocalRankVariance, s.Queries);
        return Invariant($"{s.MeanReciprocalRank:0.000} [{low:0.000}, {high:0.000}]");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
