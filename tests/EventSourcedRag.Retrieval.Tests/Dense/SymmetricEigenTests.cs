using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Retrieval.Tests.Dense;

public class SymmetricEigenTests
{
    [Fact]
    public void Decomposes_a_two_by_two_matrix()
    {
        // [[2,1],[1,2]] has eigenvalues 3 and 1 with eigenvectors (1,1)/√2 and (1,-1)/√2.
        var (values, vectors) = SymmetricEigen.Decompose(new double[,] { { 2, 1 }, { 1, 2 } });
        values[0].ShouldBe(3, 1e-12);
        values[1].ShouldBe(1, 1e-12);
        Math.Abs(vectors[0, 0]).ShouldBe(Math.Sqrt(0.5), 1e-12);
        (vectors[0, 0] * vectors[1, 0]).ShouldBeGreaterThan(0);
        (vectors[0, 1] * vectors[1, 1]).ShouldBeLessThan(0);
    }

    [Fact]
    public void Reconstructs_a_random_symmetric_matrix()
    {
        var random = new Random(3);
        const int n = 12;
        var a = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = i; j < n; j++) a[i, j] = a[j, i] = random.NextDouble() - 0.5;
        var (values, v) = SymmetricEigen.Decompose(a);
        values.ShouldBe(values.OrderByDescending(x => x).ToArray());
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var k = 0; k < n; k++) sum += v[i, k] * values[k] * v[j, k];
                sum.ShouldBe(a[i, j], 1e-9);
            }
    }
}
