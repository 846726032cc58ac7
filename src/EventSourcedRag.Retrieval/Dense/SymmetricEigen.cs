namespace EventSourcedRag.Retrieval.Dense;

/// <summary>Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations.</summary>
public static class SymmetricEigen
{
    /// <summary>Returns eigenvalues in descending order and the matching eigenvectors as columns of an n×n row-major array.</summary>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] matrix, int maxSweeps = 60)
    {
        var n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var v = new double[n, n];
        for (var i = 0; i < n; i++) v[i, i] = 1;

        for (var sweep = 0; sweep < maxSweeps; sweep++)
        {
            double off = 0, diag = 0;
            for (var p = 0; p < n; p++)
            {
                diag += a[p, p] * a[p, p];
                for (var q = p + 1; q < n; q++) off += a[p, q] * a[p, q];
            }
            if (off <= 1e-24 * Math.Max(diag, 1e-300)) break;

            for (var p = 0; p < n - 1; p++)
            for (var q = p + 1; q < n; q++)
            {
                if (Math.Abs(a[p, q]) < 1e-300) continue;
                var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                if (theta == 0) t = 1;
                var c = 1 / Math.Sqrt(t * t + 1);
                var s = t * c;
                for (var k = 0; k < n; k++)
                {
                    var akp = a[k, p];
                    var akq = a[k, q];
                    a[k, p] = c * akp - s * akq;
                    a[k, q] = s * akp + c * akq;
                }
                for (var k = 0; k < n; k++)
                {
                    var apk = a[p, k];
                    var aqk = a[q, k];
                    a[p, k] = c * apk - s * aqk;
                    a[q, k] = s * apk + c * aqk;
                }
                for (var k = 0; k < n; k++)
                {
                    var vkp = v[k, p];
                    var vkq = v[k, q];
                    v[k, p] = c * vkp - s * vkq;
                    v[k, q] = s * vkp + c * vkq;
                }
            }
        }

        var order = Enumerable.Range(0, n).OrderByDescending(i => a[i, i]).ThenBy(i => i).ToArray();
        var values = order.Select(i => a[i, i]).ToArray();
        var vectors = new double[n, n];
        for (var col = 0; col < n; col++)
        for (var row = 0; row < n; row++)
            vectors[row, col] = v[row, order[col]];
        return (values, vectors);
    }
}
