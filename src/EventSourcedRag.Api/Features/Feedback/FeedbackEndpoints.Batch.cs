using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Infrastructure.Feedback;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventSourcedRag.Api.Features.Feedback;

// A partial of FeedbackEndpoints, not a class of its own: the OpenAPI tag is the endpoint class's name.

/// <summary>
/// POST /v1/feedback/batch: many signals in one request, as analytics clients send them (a page's buffer, flushed every
/// few seconds and when it is hidden). The signals accepted are stored in one transaction before the answer; a signal
/// that is invalid, over a cap or on an unknown response is rejected alone, with the problem the single-signal endpoint
/// would have answered.
/// </summary>
public static partial class FeedbackEndpoints
{
    public static async Task<Ok<FeedbackBatchResponse>> RecordBatch(FeedbackBatchRequest body, HttpContext http, FeedbackService feedback,
        FeedbackUserLimits limits, CancellationToken ct)
    {
        if (body?.Signals is not { } signals) throw new InvalidRequest("missing_signals", "'signals' is required: a list of feedback signals.");
        if (signals.Count == 0) throw new InvalidRequest("missing_signals", "'signals' is empty.");
        var max = MaxBatchSignals(http);
        if (signals.Count > max) throw new InvalidRequest("too_many_signals", $"A batch carries at most {max} signals; this one has {signals.Count}.");

        var metadata = RequestContext.Metadata(http);
        var refusals = new Exception?[signals.Count];
        var accepted = new List<(int Index, FeedbackSubmission Submission)>(signals.Count);
        for (var i = 0; i < signals.Count; i++)
        {
            try { accepted.Add((i, Parse(signals[i]))); }
            catch (Exception ex) when (ex is InvalidRequest or Domain.DomainRuleViolated) { refusals[i] = ex; }
        }
        // The user's allowance is taken for the signals that could be stored, in the order sent.
        var allowed = new List<(int Index, FeedbackSubmission Submission)>(accepted.Count);
        foreach (var a in accepted)
            if (limits.Take(metadata) is { } refused) refusals[a.Index] = refused;
            else allowed.Add(a);

        var outcomes = await feedback.RecordAllAsync(allowed.Select(a => a.Submission).ToList(), metadata, ct);
        var decided = new FeedbackOutcome?[signals.Count];
        for (var i = 0; i < allowed.Count; i++) decided[allowed[i].Index] = outcomes[i];

        var results = new List<FeedbackBatchItem>(signals.Count);
        for (var i = 0; i < signals.Count; i++)
        {
            var (signal, outcome) = (signals[i], decided[i]);
            var refusal = refusals[i] ?? outcome?.Refusal;
            var (status, stored) = refusal is not null ? (FeedbackItemStatus.Rejected, null)
                : outcome!.Stored ? (FeedbackItemStatus.Stored, outcome.Events[0].GetType().Name) : (FeedbackItemStatus.Duplicate, (string?)null);
            results.Add(new FeedbackBatchItem(i, signal?.ResponseId, signal?.Type, signal?.IdempotencyKey, status, stored, refusal is null ? null : Problem(refusal)));
        }

        // A signal over a cap may be sent again later: the answer says when, as a 429 would.
        var waits = refusals.Concat(decided.Select(d => d?.Refusal)).OfType<FeedbackLimitReached>().Select(l => l.RetryAfter).ToList();
        if (waits.Count > 0) Problems.SetRetryAfter(http.Response, waits.Max());
        return TypedResults.Ok(new FeedbackBatchResponse(results.Count(r => r.Status == FeedbackItemStatus.Stored),
            results.Count(r => r.Status == FeedbackItemStatus.Duplicate), results.Count(r => r.Status == FeedbackItemStatus.Rejected), results));
    }

    private static FeedbackSubmission Parse(FeedbackRequest? r)
    {
        if (r is null) throw new InvalidRequest("missing_signal", "The signal is null.");
        var responseId = r.ResponseId ?? throw new InvalidRequest("missing_response_id", "'response_id' is required.");
        var signal = FeedbackRequests.ToSignal(r);
        // Without its own key a batch signal could not be told from its retry, nor two clicks on one source apart.
        if (r.IdempotencyKey is null) throw new InvalidRequest("missing_idempotency_key", "'idempotency_key' is required for every signal of a batch.");
        return new FeedbackSubmission(responseId, signal, r.IdempotencyKey, r.ClientTimestamp);
    }

    private static FeedbackItemProblem Problem(Exception refusal)
    {
        var (status, title, code, detail) = ProblemExceptionHandler.Describe(refusal);
        return new FeedbackItemProblem(Problems.TypeOf(code), title, status, detail, code);
    }
}
