namespace EventSourcedRag.Infrastructure.Platform.Messaging;

/// <summary>
/// Repeats a send until one attempt goes through. Each attempt gets <c>timeout</c>, and is abandoned when it
/// overruns even if it ignores its cancellation token (a transport waiting for a confirmation that will never
/// come); only the caller's token ends the loop without a send.
/// </summary>
public static class UntilSent
{
    public static async Task RunAsync(Func<CancellationToken, Task> send, TimeSpan timeout, Func<int, TimeSpan> backoff,
        Action<int, Exception, TimeSpan> failed, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var attemptCancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attemptCancel.CancelAfter(timeout);
            try
            {
                await send(attemptCancel.Token).WaitAsync(timeout, ct);
                return;
            }
            catch (Exception ex)
            {
                // The caller's token ends the loop with a cancellation, even when it fires while an attempt's own
                // failure is being caught (a filter on the token let that failure escape instead: a race seen in CI).
                ct.ThrowIfCancellationRequested();
                var delay = backoff(attempt);
                failed(attempt, ex, delay);
                await Task.Delay(delay, ct);
            }
        }
    }

    /// <summary>0.25 s doubling to 30 s.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(attempt - 1, 7))));
}
