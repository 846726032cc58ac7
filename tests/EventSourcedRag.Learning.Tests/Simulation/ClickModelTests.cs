using EventSourcedRag.Learning.Simulation;

namespace EventSourcedRag.Learning.Tests.Simulation;

public class ClickModelTests
{
    private static readonly int[] RelevantAtThree = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0];

    private static List<IReadOnlyList<UserAction>> Sessions(ClickModelOptions options, int[] grades, int count, int seed = 1)
    {
        var model = new ClickModel(options, seed);
        return Enumerable.Range(0, count).Select(_ => model.Play(grades)).ToList();
    }

    private static IEnumerable<UserAction.Click> Clicks(IEnumerable<IReadOnlyList<UserAction>> sessions) => sessions.SelectMany(s => s.OfType<UserAction.Click>());

    [Fact]
    public void The_same_seed_plays_the_same_sessions()
    {
        var a = Sessions(new ClickModelOptions(), RelevantAtThree, 200, seed: 9);
        var b = Sessions(new ClickModelOptions(), RelevantAtThree, 200, seed: 9);
        a.Select(s => string.Join(",", s)).ShouldBe(b.Select(s => string.Join(",", s)));
    }

    [Fact]
    public void Clicks_follow_the_examination_curve_of_the_position_based_model()
    {
        // Everything relevant, always clicked when seen, never stopping: clicks at rank k measure examination alone.
        var options = new ClickModelOptions { ClickIfRelevant = 1, StopAfterSatisfied = 0, Noise = 0, ExaminationExponent = 1 };
        const int n = 20_000;
        var clicks = Clicks(Sessions(options, Enumerable.Repeat(1, 10).ToArray(), n)).GroupBy(c => c.Position).ToDictionary(g => g.Key, g => g.Count() / (double)n);
        foreach (var k in new[] { 1, 2, 4, 8 })
            clicks[k].ShouldBe(1.0 / k, 0.02);
    }

    [Fact]
    public void A_relevant_result_is_clicked_far_more_often_than_the_irrelevant_ones_around_it()
    {
        var clicks = Clicks(Sessions(new ClickModelOptions { Noise = 0 }, RelevantAtThree, 5_000)).GroupBy(c => c.Position).ToDictionary(g => g.Key, g => g.Count());
        clicks[3].ShouldBeGreaterThan(3 * clicks.GetValueOrDefault(2));
        clicks[3].ShouldBeGreaterThan(clicks.GetValueOrDefault(1));
    }

    [Fact]
    public void Useful_sources_are_read_longer_than_useless_ones()
    {
        var clicks = Clicks(Sessions(new ClickModelOptions { Noise = 0, ClickIfIrrelevant = 0.3 }, RelevantAtThree, 5_000)).ToList();
        var useful = clicks.Where(c => c.Position == 3).Select(c => c.DwellSeconds).Order().ToList();
        var useless = clicks.Where(c => c.Position != 3).Select(c => c.DwellSeconds).Order().ToList();
        useful[useful.Count / 2].ShouldBeGreaterThan(4 * useless[useless.Count / 2]);
    }

    [Fact]
    public void Noise_sends_that_share_of_clicks_to_random_results()
    {
        static double IrrelevantShare(double noise)
        {
            var clicks = Clicks(Sessions(new ClickModelOptions { Noise = noise, ClickIfIrrelevant = 0 }, RelevantAtThree, 10_000)).ToList();
            return clicks.Count(c => c.Position != 3) / (double)clicks.Count;
        }
        IrrelevantShare(0).ShouldBe(0);
        IrrelevantShare(0.3).ShouldBe(0.3 * 0.9, 0.03); // a random pick among ten lands on the relevant one a tenth of the time
    }

    [Fact]
    public void A_user_who_found_nothing_reformulates_or_abandons_and_one_who_did_never_does()
    {
        var options = new ClickModelOptions { Noise = 0, ReformulateIfUnsatisfied = 0.5 };
        var unsatisfied = Sessions(options, new int[10], 2_000);
        unsatisfied.ShouldAllBe(s => s.Count(a => a is UserAction.Reformulate || a is UserAction.Abandon) == 1);
        unsatisfied.Count(s => s.Any(a => a is UserAction.Reformulate)).ShouldBeInRange(900, 1_100);
        unsatisfied.SelectMany(s => s.OfType<UserAction.Thumbs>()).ShouldAllBe(t => !t.Up);

        var satisfied = Sessions(options, Enumerable.Repeat(1, 10).ToArray(), 2_000).Where(s => s.OfType<UserAction.Click>().Any());
        satisfied.ShouldAllBe(s => !s.Any(a => a is UserAction.Reformulate || a is UserAction.Abandon));
    }

    [Fact]
    public void Out_of_range_parameters_are_reported()
    {
        new ClickModelOptions { Noise = 1.5 }.Validate().ShouldContain(p => p.Contains("noise"));
        new ClickModelOptions().Validate().ShouldBeEmpty();
    }
}
