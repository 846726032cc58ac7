using System.Diagnostics;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Testing;
using Xunit.Abstractions;

namespace EventSourcedRag.Api.Tests.WebApp;

public sealed class BrowserFixture : ApiFixture
{
    protected override bool RealServer => true;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await IngestTextAsync("Vacation policy", "Employees get 27 days of paid vacation per year. Unused days expire on March 31.");
        await IngestTextAsync("Parking", "The garage has 40 parking spaces, booked in the DeskSpot app. Chargers for electric cars are free.");
    }
}

/// <summary>
/// The web app end to end in the machine's Chromium (Debian package chromium) driven by playwright-core
/// (tests/browser, installed by scripts/setup.sh): what a user clicks must arrive as stored events.
/// </summary>
public class BrowserTests(BrowserFixture api, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Asking_following_a_citation_and_rating_in_the_browser_stores_the_feedback_events()
    {
        var root = RepositoryFolder.Root;
        var scripts = Path.Combine(root, "tests", "browser");
        File.Exists(Path.Combine(scripts, "node_modules", "playwright-core", "package.json"))
            .ShouldBeTrue("playwright-core is not installed in tests/browser: run scripts/setup.sh (it runs npm ci there)");
        File.Exists("/usr/bin/chromium").ShouldBeTrue("Chromium is not installed: run scripts/setup.sh (apt-get install chromium)");
        var screenshots = Path.Combine(scripts, "screenshots");
        const string question = "how many vacation days do I get per year?";

        var run = await NodeAsync(scripts, new()
        {
            ["BASE_URL"] = api.Address.ToString().TrimEnd('/'),
            ["API_KEY"] = await api.TokenAsync(),
            ["QUESTION"] = question,
            ["SCREENSHOTS"] = screenshots,
        });
        output.WriteLine($"screenshots: {screenshots}");
        var result = JsonDocument.Parse(run).RootElement;
        foreach (var step in result.GetProperty("steps").EnumerateArray()) output.WriteLine(step.GetString());
        result.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ShouldBeEmpty("the browser reported errors");
        var responseId = Guid.Parse(result.GetProperty("responseId").GetString()!);
        result.GetProperty("timeline").EnumerateArray().Select(t => t.GetString()).ShouldContain("source_clicked");

        // What the clicks stored: the stream of the response the page showed. The dwell is sent as the page is left.
        var events = await Eventually.Get(() => StreamAsync(responseId), e => e.OfType<DwellRecorded>().Any(), what: "the dwell sent on leaving the page");
        var shown = events.OfType<Domain.Queries.ResultsShown>().Single().Results;
        var click = events.OfType<SourceClicked>().ShouldHaveSingleItem();
        (click.ChunkId, click.Position).ShouldBe((shown[0].ChunkId, 1));
        events.OfType<DwellRecorded>().Single().Seconds.ShouldBeGreaterThanOrEqualTo(1.0);
        events.OfType<ThumbsUpGiven>().ShouldHaveSingleItem();
        events.OfType<AnswerRated>().ShouldHaveSingleItem().Stars.ShouldBe(4);
        events.OfType<AnswerCopied>().ShouldHaveSingleItem();
        // The web app names its user, so the question is stored sealed (the default since issue 24) and opens for the auditor.
        var received = events.OfType<Domain.Queries.QueryReceived>().Single();
        received.Text.ShouldStartWith(Infrastructure.Privacy.PersonalData.Prefix);
        var opened = await api.Services<Infrastructure.Privacy.PersonalData>().OpenAsync("default", [received], default);
        ((Domain.Queries.QueryReceived)opened[0]).Text.ShouldBe(question);
        foreach (var shot in new[] { "1-ask-answer.png", "2-ask-feedback.png", "3-audit.png", "4-learn.png" })
            new FileInfo(Path.Combine(screenshots, shot)).Length.ShouldBeGreaterThan(10_000, shot);
    }

    private async Task<IReadOnlyList<object>> StreamAsync(Guid responseId)
    {
        var sessions = api.Services<EventSessions>();
        await using var session = sessions.OpenRead("default");
        return (await session.Events.FetchStreamAsync(responseId)).Select(e => e.Data).ToList();
    }

    private static async Task<string> NodeAsync(string folder, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("node", "web-app.mjs") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The browser script did not finish in 3 minutes: " + await stderr);
        }
        process.ExitCode.ShouldBe(0, await stderr);
        return (await stdout).Trim().Split('\n')[^1];
    }
}
