using System.Text.Json;
using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Domain;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using Microsoft.AspNetCore.Http;

namespace EventSourcedRag.Api.Tests.Robustness;

/// <summary>
/// Issue 24, defect 7: some 400s exposed internal messages (a JSON reader naming .NET types, a library's
/// ArgumentException). A problem shows only sentences the product wrote for its callers.
/// </summary>
public class ProblemDetailTests
{
    private static readonly string[] Internals = ["System.", "Microsoft.", "Npgsql", "Exception", "LineNumber", "BytePositionInLine", "IDX", "(Parameter '", "   at "];

    /// <summary>The first trace of exception text in a response body, or null.</summary>
    public static string? ExceptionText(string body) => Internals.FirstOrDefault(i => body.Contains(i, StringComparison.Ordinal));

    [Fact]
    public void Problems_never_carry_exception_text_from_libraries()
    {
        Exception[] thrown =
        [
            new ArgumentException("Value cannot be null. (Parameter 'secretInternalName')"),
            new ArgumentOutOfRangeException("count", "Specified argument was out of the range of valid values."),
            new JsonException("The JSON value could not be converted to System.Guid. Path: $.response_id | LineNumber: 0 | BytePositionInLine: 20.", "$.response_id", 0, 20),
            new BadHttpRequestException("Failed to read parameter \"AskRequest body\" from the request body as JSON.", new JsonException("System.Text.Json internals")),
            new BadHttpRequestException("Implicit body inferred for parameter \"Microsoft.AspNetCore.Http.IFormFile file\"", 400),
            new InvalidDataException("Multipart body length limit 16384 exceeded."),
            new IOException("Unexpected end of Stream, the content may have already been read by another component."),
        ];
        foreach (var exception in thrown)
        {
            var (status, _, _, detail) = ProblemExceptionHandler.Describe(exception);
            status.ShouldBeInRange(400, 499, exception.GetType().Name);
            ExceptionText(detail).ShouldBeNull($"{exception.GetType().Name}: {detail}");
            detail.ShouldNotContain("secretInternalName");
            detail.ShouldNotContain("component");
        }
        ProblemExceptionHandler.Describe(thrown[2]).Detail.ShouldContain("$.response_id"); // the caller's own field is named
    }

    [Fact]
    public void Sentences_written_for_callers_are_still_shown()
    {
        ProblemExceptionHandler.Describe(new InvalidReadModelRequest("as-of must not be negative.")).Detail.ShouldBe("as-of must not be negative.");
        ProblemExceptionHandler.Describe(new DomainRuleViolated("invalid_stars", "Stars are 1 to 5.")).Detail.ShouldBe("Stars are 1 to 5.");
        ProblemExceptionHandler.Describe(new InvalidRequest("missing_body", "The request body is empty.")).Detail.ShouldBe("The request body is empty.");
    }
}
