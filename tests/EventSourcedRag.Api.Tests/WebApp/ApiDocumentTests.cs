using System.Net;
using EventSourcedRag.Api.Tests.Container;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace EventSourcedRag.Api.Tests.WebApp;

/// <summary>The OpenAPI document describes every endpoint, validates, and gives every operation its error responses.</summary>
public class ApiDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<(OpenApiDocument Document, string Json)> DocumentAsync()
    {
        // Read as a deployment's clients read it: its servers entry is the host asked, here not the test server's localhost.
        var response = await api.GetWithoutCredentialAsync("/openapi/v1.json", r => r.Headers.Host = "esrag.test");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, "the document needs no credential");
        var json = await response.Content.ReadAsStringAsync();
        var read = OpenApiDocument.Parse(json, "json");
        read.Diagnostic!.Errors.ShouldBeEmpty(string.Join("; ", read.Diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        return (read.Document!, json);
    }

    [Fact]
    public async Task The_document_parses_and_passes_the_OpenAPI_validation_rules()
    {
        var (document, _) = await DocumentAsync();
        var errors = document.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        errors.ShouldBeEmpty(string.Join("; ", errors.Select(e => $"{e.Pointer}: {e.Message}")));
        document.Info.Title.ShouldBe("EventSourcedRag API");
        document.Components!.Schemas!.ShouldContainKey("Problem");
    }

    [Fact]
    public async Task Every_mapped_v1_endpoint_is_documented_with_a_success_response_and_problem_responses()
    {
        var (document, _) = await DocumentAsync();
        var mapped = api.Services<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("v1/", StringComparison.Ordinal))
            .Select(e => (Method: e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Single(), Path: Normalise(e.RoutePattern.RawText!)))
            .ToList();
        mapped.Count.ShouldBeGreaterThan(25);
        foreach (var (method, path) in mapped)
        {
            document.Paths.ShouldContainKey(path, $"{method} {path} is not in the OpenAPI document");
            var operation = document.Paths[path].Operations!.Single(o => o.Key.Method == method).Value;
            operation.Summary.ShouldNotBeNullOrWhiteSpace($"{method} {path} has no summary");
            operation.Responses!.Keys.ShouldContain(k => k.StartsWith('2'), $"{method} {path} documents no success");
            foreach (var status in new[] { "401", "403", "429", "500", "503" })
            {
                operation.Responses.ShouldContainKey(status, $"{method} {path} lacks {status}");
                var content = operation.Responses[status].Content!;
                content.ShouldContainKey("application/problem+json", $"{method} {path} {status}");
                (content["application/problem+json"].Schema as OpenApiSchemaReference)?.Reference.Id.ShouldBe("Problem");
            }
            operation.Security.ShouldNotBeEmpty($"{method} {path} must say it needs a key");
            operation.Description!.ShouldContain("Roles:");
        }
    }

    [Fact]
    public async Task The_main_operations_carry_examples_that_match_their_schema_names()
    {
        var (document, _) = await DocumentAsync();
        var query = document.Paths["/v1/query"].Operations!.Single(o => o.Key == HttpMethod.Post).Value;
        query.RequestBody!.Content!["application/json"].Example!["query"]!.GetValue<string>().ShouldNotBeEmpty();
        var schema = (OpenApiSchemaReference)query.Responses!["200"].Content!["application/json"].Schema!;
        var example = query.Responses["200"].Content!["application/json"].Example!.AsObject();
        // An example field the schema does not have would mislead its readers.
        foreach (var field in example.Select(p => p.Key)) schema.Properties!.ShouldContainKey(field);
        var feedback = document.Paths["/v1/feedback"].Operations!.Single(o => o.Key == HttpMethod.Post).Value;
        feedback.RequestBody!.Content!["application/json"].Example!["type"]!.GetValue<string>().ShouldBe("click");
        var upload = document.Paths["/v1/documents"].Operations!.Single(o => o.Key == HttpMethod.Post).Value;
        upload.RequestBody!.Content!.Keys.ShouldBe(["application/json", "multipart/form-data"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_reference_UI_is_served_without_a_credential_and_reads_the_document()
    {
        var response = await api.GetWithoutCredentialAsync("/scalar/");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("openapi/v1.json");
    }

    [Fact]
    public async Task The_document_lints_clean_under_Redocly_recommended_rules()
    {
        var lint = Path.Combine(RepositoryFolder.Root, "tests", "openapi");
        File.Exists(Path.Combine(lint, "node_modules", "@redocly", "cli", "package.json"))
            .ShouldBeTrue("@redocly/cli is not installed in tests/openapi: run scripts/setup.sh (it runs npm ci there)");
        var (_, json) = await DocumentAsync();
        var file = Path.Combine(Path.GetTempPath(), $"esrag-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json);
        try
        {
            var result = await ExternalCommand.RunAsync("node", [Path.Combine(lint, "node_modules", "@redocly", "cli", "bin", "cli.js"),
                "lint", file, "--config", Path.Combine(lint, "redocly.yaml"), "--format", "json"], lint, timeout: TimeSpan.FromMinutes(2));
            var report = System.Text.Json.JsonDocument.Parse(result.Output).RootElement;
            var problems = report.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("ruleId").GetString()} at {p.GetProperty("location")[0].GetProperty("pointer").GetString()}: {p.GetProperty("message").GetString()}")
                .ToList();
            problems.ShouldBeEmpty(string.Join("\n", problems));
            result.ExitCode.ShouldBe(0, result.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_documents_endpoint_states_the_limits_of_title_tags_and_metadata()
    {
        var (document, _) = await DocumentAsync();
        var content = document.Paths["/v1/documents"].Operations!.Single(o => o.Key == HttpMethod.Post).Value.RequestBody!.Content!;
        var json = content["application/json"].Schema!;
        json.Properties!["title"].MaxLength.ShouldBe(Domain.Documents.DocumentLimits.MaxTitleLength);
        json.Properties["tags"].MaxItems.ShouldBe(Domain.Documents.DocumentLimits.MaxTags);
        json.Properties["tags"].Items!.MaxLength.ShouldBe(Domain.Documents.DocumentLimits.MaxTagLength);
        json.Properties["metadata"].MaxProperties.ShouldBe(Domain.Documents.DocumentLimits.MaxMetadataEntries);
        json.Properties["metadata"].AdditionalProperties!.MaxLength.ShouldBe(Domain.Documents.DocumentLimits.MaxMetadataValueLength);
        content["multipart/form-data"].Schema!.Properties!["title"].MaxLength.ShouldBe(Domain.Documents.DocumentLimits.MaxTitleLength);
    }

    [Fact]
    public async Task A_request_that_names_only_the_required_fields_matches_what_the_document_requires()
    {
        var (document, _) = await DocumentAsync();
        IEnumerable<string> Required(string path) =>
            document.Paths[path].Operations!.Single(o => o.Key == HttpMethod.Post).Value.RequestBody!.Content!["application/json"].Schema switch
            {
                OpenApiSchemaReference r => r.Required ?? new HashSet<string>(),
                var s => s!.OneOf!.OfType<OpenApiSchemaReference>().Single().Required ?? new HashSet<string>(),
            };

        // What the handlers refuse with missing_* problems when absent, and nothing more.
        Required("/v1/feedback").ShouldBe(["response_id", "type"], ignoreOrder: true);
        Required("/v1/query").ShouldBe(["query"]);
        Required("/v1/admin/training").ShouldBeEmpty();
        Required("/v1/audit/replay").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_favicon_is_served_without_a_credential()
    {
        var response = await api.GetWithoutCredentialAsync("/favicon.ico");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/x-icon");
        (await response.Content.ReadAsByteArrayAsync())[..4].ShouldBe(new byte[] { 0, 0, 1, 0 }, "an ICO header");
    }

    // Route constraints and optional markers are not part of OpenAPI paths.
    private static string Normalise(string raw) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(raw.TrimStart('/').TrimEnd('/'), @"\{(\w+)(:[^}]*)?\??\}", "{$1}");
}
