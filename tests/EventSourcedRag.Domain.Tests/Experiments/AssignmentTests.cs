using EventSourcedRag.Domain.Experiments;

namespace EventSourcedRag.Domain.Tests.Experiments;

public class AssignmentTests
{
    private static readonly string[] Units = Enumerable.Range(0, 100_000).Select(i => $"user-{i}").ToArray();

    [Fact]
    public void The_same_unit_salt_and_share_always_give_the_same_arm() =>
        Units.Take(1000).ShouldAllBe(u => Assignment.VariantOf("s1", u, 0.3) == Assignment.VariantOf("s1", u, 0.3));

    [Fact]
    public void The_treatment_gets_its_share_of_units()
    {
        var share = Units.Count(u => Assignment.VariantOf("s1", u, 0.05) == Assignment.Treatment) / (double)Units.Length;
        share.ShouldBe(0.05, 0.003); // 3.4 standard errors of √(0.05·0.95/100000)
    }

    [Fact]
    public void A_unit_in_the_treatment_stays_in_it_as_the_share_grows() =>
        Units.Where(u => Assignment.VariantOf("s1", u, 0.05) == Assignment.Treatment)
            .ShouldAllBe(u => Assignment.VariantOf("s1", u, 0.25) == Assignment.Treatment);

    [Fact]
    public void Two_experiments_assign_independently()
    {
        var both = Units.Count(u => Assignment.VariantOf("exp-a", u, 0.5) == Assignment.Treatment && Assignment.VariantOf("exp-b", u, 0.5) == Assignment.Treatment);
        (both / (double)Units.Length).ShouldBe(0.25, 0.005);
    }
}
