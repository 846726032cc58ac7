namespace EventSourcedRag.Testing;

/// <summary>Polls until a condition holds, for work done asynchronously by the worker or a projection.</summary>
public static class Eventually
{
    /// <summary>
    /// A probe that throws is polled again, as one that returns a value not yet done: on a loaded machine a
    /// probe can meet a moment of back-pressure (a 503 while a circuit is open) that says nothing about the
    /// condition. At the deadline the last value or failure is reported.
    /// </summary>
    public static async Task<T> Get<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Exception? failure = null;
            T value = default!;
            try
            {
                value = await probe();
                if (done(value)) return value;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure = e;
            }
            if (DateTime.UtcNow > deadline)
                throw failure is null
                    ? new TimeoutException($"Timed out waiting for {what ?? "condition"}; last value: {value}")
                    : new TimeoutException($"Timed out waiting for {what ?? "condition"}; the last probe failed: {failure.Message}", failure);
            await Task.Delay(100);
        }
    }
}
