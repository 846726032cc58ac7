using System.Diagnostics;
using System.Text;
using EventSourcedRag.Infrastructure.Ingestion.Extraction;

namespace EventSourcedRag.Infrastructure.Tests.Ingestion;

/// <summary>
/// Issue 24, defect 5: a pathological page held the worker's CPU for minutes. Depth is limited; so is time now: a page
/// that takes longer fails its version with a reason that says so, and the parse stops near the limit.
/// </summary>
public class HtmlExtractorTests
{
    // Well formed and shallow, but large: seconds of parsing, so a short limit must cut it off.
    private static readonly byte[] Slow = Encoding.UTF8.GetBytes("<html><body>" +
        string.Concat(Enumerable.Repeat("<table><tr><td><b>cell</b> <a href=x>link</a></td></tr></table>", 200_000)) + "</body></html>");

    [Fact]
    public void A_page_slower_than_the_time_limit_fails_with_a_clear_reason_and_stops_near_the_limit()
    {
        var limit = TimeSpan.FromMilliseconds(200);
        var clock = Stopwatch.StartNew();
        var failure = Should.Throw<UnreadableDocument>(() => new HtmlExtractor(limit).Extract(Slow, 5_000_000));
        clock.Stop();

        failure.Message.ShouldStartWith("The page could not be read within 0.2 s");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3), "the parse ran on past its limit");
    }

    // Only the time limit stopped it: given time, the same page reads. (Not timed against the default: on a loaded
    // machine the seconds it takes are the machine's, not the extractor's.)
    [Fact]
    public void The_same_page_reads_when_time_allows()
    {
        var page = new HtmlExtractor(TimeSpan.FromMinutes(10)).Extract(Slow, 5_000_000);
        page.Text.ShouldStartWith("cell link");
        page.Text.Length.ShouldBeGreaterThan(1_000_000);
    }
}
