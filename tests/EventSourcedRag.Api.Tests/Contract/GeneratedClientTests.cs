using EventSourcedRag.Api.Tests.Fixtures;
using Xunit.Abstractions;

namespace EventSourcedRag.Api.Tests.Contract;

/// <summary>
/// The OpenAPI document is a contract a generated client can use: NSwag's C# client, made from the document this host
/// serves, ingests a document, asks, sends feedback and reads the response's timeline, with only the fields it needs.
/// </summary>
public class GeneratedClientTests(ApiFixture api, ITestOutputHelper output) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_client_generated_from_the_document_ingests_asks_sends_feedback_and_reads_the_timeline()
    {
        var json = await (await api.GetWithoutCredentialAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        var generated = await GeneratedClient.GenerateAsync(json);
        var source = Path.Combine(Path.GetTempPath(), $"esrag-generated-client-{api.Schema}.cs");
        await File.WriteAllTextAsync(source, generated.Code); // to read when a call below does not match the generated API
        output.WriteLine($"generated client: {generated.Code.Length:N0} characters in {source}");
        var client = generated.Client(api.Client);

        var document = generated.New("TextDocumentRequest");
        document.Title = "Parking";
        document.Content = "The garage has 40 parking spaces, booked in the DeskSpot app. Chargers for electric cars are free.";
        document.Format = "text";
        // NSwag folds the operation's two bodies (JSON, multipart) into one method; given the JSON body it sends JSON.
        var submitted = await client.SubmitDocumentAsync(document, null, null, null, null);
        Guid documentId = submitted.Document_id;
        await api.WaitUntilIndexedAsync(documentId);
        var status = await client.GetDocumentAsync(documentId);
        ((string)status.Status).ShouldBe("indexed");

        var question = generated.New("AskRequest");
        question.Query = "How many parking spaces does the garage have?";
        var answer = await client.AskAsync(question);
        Guid responseId = answer.Response_id;
        var first = Enumerable.First(answer.Sources);
        ((Guid)first.Document_id).ShouldBe(documentId);

        var click = generated.New("FeedbackRequest");
        click.Response_id = responseId;
        click.Type = "click";
        click.Chunk_id = first.Chunk_id;
        click.Position = 1;
        var stored = await client.RecordFeedbackAsync(click);
        ((bool)stored.Stored).ShouldBeTrue();

        var timeline = await client.GetResponseTimelineAsync(responseId);
        var types = ((IEnumerable<dynamic>)timeline.Events).Select(e => (string)e.Type).ToList();
        types.ShouldContain("source_clicked", string.Join(", ", types));
    }
}
