namespace EventSourcedRag.Api.Hosting;

/// <summary>Writes an RFC 7807 problem with the product's stable code, for failures that are not exceptions (401, 403, 429, 413).</summary>
public static class Problems
{
    public static string TypeOf(string code) => $"https://eventsourcedrag.dev/problems/{code}";

    /// <summary>Retry-After in whole seconds, rounded up and at least 1, so a client never retries before the wait is over.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task WriteAsync(HttpContext http, int status, string title, string code, string detail)
    {
        http.Response.StatusCode = status;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Type = TypeOf(code), Extensions = { ["code"] = code } },
        });
    }
}
