using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Robustness;

/// <summary>
/// A seeded fuzzer over every JSON endpoint: malformed, truncated, oversize, deeply nested, wrong-typed and
/// invalid UTF-8 bodies. Each must get a 4xx problem response, the host must stay ready, and nothing may be stored.
/// </summary>
public class MalformedInputTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    // Each endpoint with the fields it reads, so wrong-typed values reach its binder rather than being ignored as
    // unknown. Training takes only optional fields: an empty body asks for a reranker with defaults, so it is valid there.
    private static readonly (string Path, string[] Fields, bool EmptyIsValid)[] Endpoints =
    [
        ("/v1/query", ["query", "top_k", "filters", "session_id"], false),
        ("/v1/feedback", ["response_id", "type", "stars", "seconds", "chunk_id"], false),
        ("/v1/documents", ["content", "title", "tags", "document_id"], false),
        ("/v1/admin/keys", ["name", "roles", "expires_at"], false),
        ("/v1/admin/training", ["as_of", "reason", "kind"], true),
        ("/v1/admin/experiments", ["treatment", "assignment_unit", "dry_run"], false),
        ("/v1/audit/replay", ["response_id", "query", "top_k", "filters"], false),
        ("/v1/admin/projections/training-pairs/rebuild", ["target", "as_of"], false),
        ("/v1/admin/models/lambdamart-0/deploy", ["reason"], false),
        ("/v1/admin/encoder/switch", ["model", "max_length", "reason"], false),
    ];

    private static byte[] Body(Random random, string[] fields, bool emptyIsValid)
    {
        var field = fields[random.Next(fields.Length)];
        return random.Next(emptyIsValid ? 8 : 9) switch
        {
            0 => Encoding.UTF8.GetBytes("{\"" + field + "\": "),                                             // truncated
            1 => Encoding.UTF8.GetBytes("{" + field + ": 'single quotes'}"),                                 // not JSON
            2 => Encoding.UTF8.GetBytes(new string('[', 200 + random.Next(800)) + new string(']', 10)),       // deeply nested
            3 => Encoding.UTF8.GetBytes("{\"" + field + "\": " + Nested(100 + random.Next(100)) + "}"),       // nested value
            4 => Encoding.UTF8.GetBytes("{\"" + field + "\": \"" + new string('x', 300_000) + "\"}"),         // over the body limit
            5 => Encoding.UTF8.GetBytes("{\"" + field + "\": " + WrongType(field, random) + "}"),             // wrong type
            6 => [.. Encoding.UTF8.GetBytes("{\"" + field + "\": \""), 0xC3, 0x28, 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}")], // invalid UTF-8
            7 => RandomBytes(random),                                                                        // noise
            _ => Encoding.UTF8.GetBytes(random.Next(2) == 0 ? "" : "null"),                                   // empty
        };
    }

    private static string Nested(int depth) => new StringBuilder().Insert(0, "{\"a\":", depth).Append('1').Append('}', depth).ToString();

    // Every field above is a string, a number, a boolean, a list or an object; give it something it is not.
    private static string WrongType(string field, Random random) => field switch
    {
        "as_of" => "[1,2]",
        "top_k" or "stars" or "seconds" => random.Next(2) == 0 ? "\"five\"" : "[1,2]",
        "tags" or "roles" => random.Next(2) == 0 ? "17" : "{\"a\":1}",
        "filters" => "\"all\"",
        "dry_run" => "\"maybe\"",
        "response_id" or "document_id" or "chunk_id" or "expires_at" => random.Next(2) == 0 ? "\"not-a-guid-or-date\"" : "12",
        _ => random.Next(2) == 0 ? "12.5" : "[\"a\"]",
    };

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[1 + random.Next(400)];
        random.NextBytes(bytes);
        bytes[0] = (byte)'{';
        return bytes;
    }

    [Fact]
    public async Task Every_malformed_body_gets_a_problem_response_and_changes_nothing()
    {
        // Issue the test keys (a key is an event stream) before counting.
        await api.AskAsync("warm up");
        using (var warmUp = api.AsRole(HttpMethod.Get, "/v1/admin/keys")) (await api.Client.SendAsync(warmUp)).EnsureSuccessStatusCode();
        var before = await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_events");
        var random = new Random(20261123);
        var failures = new List<string>();

        for (var i = 0; i < 360; i++)
        {
            var (endpoint, fields, emptyIsValid) = Endpoints[i % Endpoints.Length];
            var body = Body(random, fields, emptyIsValid);
            using var request = api.AsRole(HttpMethod.Post, endpoint);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var response = await api.Client.SendAsync(request);
            var status = (int)response.StatusCode;
            var type = response.Content.Headers.ContentType?.MediaType;
            var text = await response.Content.ReadAsStringAsync();
            if (status is < 400 or > 499 || type != "application/problem+json")
                failures.Add($"{endpoint} <- {Describe(body)}: {status} {type} {text}");
            else if (ProblemDetailTests.ExceptionText(text) is { } leaked)
                failures.Add($"{endpoint} <- {Describe(body)}: the problem carries exception text ({leaked}): {text}");
        }

        failures.ShouldBeEmpty(string.Join("\n", failures.Take(10)));
        (await api.Client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_events")).ShouldBe(before);
        (await api.AskAsync("still answering")).GetProperty("response_id").GetGuid().ShouldNotBe(Guid.Empty);
    }

    private static string Describe(byte[] body) =>
        body.Length > 80 ? $"{body.Length} bytes starting {Encoding.UTF8.GetString(body, 0, 40)}" : Encoding.UTF8.GetString(body);
}
