using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;

namespace EventSourcedRag.Api.Tests.Feedback;

/// <summary>Issue 24, defect 7: stars 99, −1 or position −3 answered 200 with stored:false instead of a 400.</summary>
public class FeedbackRangeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("rating", "stars", 99, "invalid_rating")]
    [InlineData("rating", "stars", -1, "invalid_rating")]
    [InlineData("click", "position", -3, "invalid_position")]
    [InlineData("dwell", "seconds", -5, "invalid_dwell")]
    public async Task Feedback_values_out_of_range_get_a_400_and_store_nothing(string type, string field, int value, string code)
    {
        await api.IngestTextAsync("Ranges", "Ratings run from one to five stars.");
        var asked = await api.AskAsync("how many stars can a rating have");
        var responseId = asked.GetProperty("response_id").GetGuid();
        var chunk = asked.GetProperty("sources")[0].GetProperty("chunk_id").GetGuid();
        var before = await api.CountEventsAsync();
        var body = new Dictionary<string, object> { ["response_id"] = responseId, ["type"] = type, ["chunk_id"] = chunk, [field] = value };
        if (type == "click" && field != "position") body["position"] = 1;
        var response = await api.PostJsonAsync("/v1/feedback", body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json)).GetProperty("code").GetString().ShouldBe(code);
        (await api.CountEventsAsync()).ShouldBe(before);
    }
}
