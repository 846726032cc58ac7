using System.Numerics.Tensors;

namespace EventSourcedRag.Retrieval.Dense;

/// <summary>
/// Top right singular vectors of a sparse matrix by the randomized range finder with subspace iteration
/// (Halko, Martinsson and Tropp 2011), deterministic for a given seed.
/// </summary>
public static class RandomizedSvd
{
    private const int Oversampling = 10;

    /// <param name="rows">Sparse rows of the matrix A (documents × columns), entries sorted by column.</param>
    /// <returns>columns × k, row-major: the k leading right singular vectors of A.</returns>
    public static float[] RightSingularVectors(IReadOnlyList<(int Col, float Value)[]> rows, int columns, int k, int powerIterations, int seed)
    {
        var l = Math.Min(k + Oversampling, Math.Min(columns, Math.Max(rows.Count, 1)));
        var random = new Random(seed);
        // Y = Aᵀ Ω, Ω gaussian (documents × l)
        var omega = new double[rows.Count * l];
        for (var i = 0; i < omega.Length; i++) omega[i] = Gaussian(random);
        var y = MultiplyTransposed(rows, columns, omega, l);
        Orthonormalize(y, columns, l, exact: powerIterations == 0);
        for (var it = 0; it < powerIterations; it++)
        {
            var ay = Multiply(rows, y, l);          // documents × l
            y = MultiplyTransposed(rows, columns, ay, l); // columns × l
            Orthonormalize(y, columns, l, exact: it == powerIterations - 1);
        }
        // B = A Q (documents × l); BᵀB = W Λ Wᵀ; right singular vectors ≈ Q W.
        var b = Multiply(rows, y, l);
        var btb = new double[l, l];
        for (var r = 0; r < rows.Count; r++)
        {
            var off = r * l;
            for (var i = 0; i < l; i++)
            {
                var bi = b[off + i];
                if (bi == 0) continue;
                for (var j = i; j < l; j++) btb[i, j] += bi * b[off + j];
            }
        }
        for (var i = 0; i < l; i++)
            for (var j = 0; j < i; j++) btb[i, j] = btb[j, i];
        var (_, w) = SymmetricEigen.Decompose(btb);

        // Q (columns × l) times the top k eigenvectors (l × k), row by row so the inner loop is one SIMD multiply-add.
        var wk = new double[l * k];
        for (var i = 0; i < l; i++)
            for (var d = 0; d < k; d++) wk[i * k + d] = w[i, d];
        var result = new float[columns * k];
        var row = new double[k];
        for (var c = 0; c < columns; c++)
        {
            Array.Clear(row);
            var yRow = y.AsSpan(c * l, l);
            for (var i = 0; i < l; i++)
                if (yRow[i] != 0) TensorPrimitives.MultiplyAdd(wk.AsSpan(i * k, k), yRow[i], row, row);
            for (var d = 0; d < k; d++) result[c * k + d] = (float)row[d];
        }
        FixSigns(result, columns, k);
        return result;
    }

    // Singular vectors are defined up to sign; pin each so its largest entry is positive, for reproducibility.
    private static void FixSigns(float[] m, int rows, int k)
    {
        for (var d = 0; d < k; d++)
        {
            var best = 0f;
            for (var r = 0; r < rows; r++)
                if (Math.Abs(m[r * k + d]) > Math.Abs(best)) best = m[r * k + d];
            if (best < 0)
                for (var r = 0; r < rows; r++) m[r * k + d] = -m[r * k + d];
        }
    }

    private static double[] Multiply(IReadOnlyList<(int Col, float Value)[]> rows, double[] dense, int l)
    {
        var result = new double[rows.Count * l];
        for (var r = 0; r < rows.Count; r++)
        {
            var off = r * l;
            var target = result.AsSpan(off, l);
            foreach (var (col, value) in rows[r]) TensorPrimitives.MultiplyAdd(dense.AsSpan(col * l, l), value, target, target);
        }
        return result;
    }

    private static double[] MultiplyTransposed(IReadOnlyList<(int Col, float Value)[]> rows, int columns, double[] dense, int l)
    {
        var result = new double[columns * l];
        for (var r = 0; r < rows.Count; r++)
        {
            var source = dense.AsSpan(r * l, l);
            foreach (var (col, value) in rows[r])
            {
                var target = result.AsSpan(col * l, l);
                TensorPrimitives.MultiplyAdd(source, value, target, target);
            }
        }
        return result;
    }

    // Orthonormal columns of an n × l row-major matrix (n is the vocabulary, tens of thousands; l a few hundred).
    // Cholesky QR twice (Fukaya et al. 2014) reads the matrix row by row, with the l × l factors in cache: many
    // times faster than Gram-Schmidt, whose column sweeps stream the whole matrix l²/2 times. Both give the same
    // Q (the one with a positive diagonal R); Gram-Schmidt remains for rank-deficient input, where Cholesky fails.
    // Between power iterations one pass is enough: the basis only has to stay well conditioned, and the last
    // iteration's second pass makes the final one orthonormal to working precision.
    private static void Orthonormalize(double[] m, int n, int l, bool exact)
    {
        if (CholeskyQr(m, n, l) && (!exact || CholeskyQr(m, n, l))) return;
        GramSchmidt(m, n, l);
    }

    // M ← M R⁻¹ where MᵀM = RᵀR; false (and M untouched) when MᵀM is not safely positive definite.
    private static bool CholeskyQr(double[] m, int n, int l)
    {
        var gram = new double[l * l]; // upper triangle, row-major
        for (var r = 0; r < n; r++)
        {
            var row = m.AsSpan(r * l, l);
            for (var i = 0; i < l; i++)
                if (row[i] != 0) TensorPrimitives.MultiplyAdd(row[i..], row[i], gram.AsSpan(i * l + i, l - i), gram.AsSpan(i * l + i, l - i));
        }
        // Upper Cholesky factor R (row-major, in place over the upper triangle): G = RᵀR.
        var largest = 0.0;
        for (var i = 0; i < l; i++) largest = Math.Max(largest, gram[i * l + i]);
        for (var i = 0; i < l; i++)
        {
            var d = gram[i * l + i];
            for (var k = 0; k < i; k++) d -= gram[k * l + i] * gram[k * l + i];
            if (!(d > 1e-13 * largest)) return false;
            var pivot = Math.Sqrt(d);
            gram[i * l + i] = pivot;
            for (var j = i + 1; j < l; j++)
            {
                var v = gram[i * l + j];
                for (var k = 0; k < i; k++) v -= gram[k * l + i] * gram[k * l + j];
                gram[i * l + j] = v / pivot;
            }
        }
        // R⁻¹, upper triangular, row by row from the bottom.
        var inverse = new double[l * l];
        for (var i = l - 1; i >= 0; i--)
        {
            inverse[i * l + i] = 1 / gram[i * l + i];
            for (var j = i + 1; j < l; j++)
            {
                var v = 0.0;
                for (var k = i + 1; k <= j; k++) v += gram[i * l + k] * inverse[k * l + j];
                inverse[i * l + j] = -v / gram[i * l + i];
            }
        }
        var product = new double[l];
        for (var r = 0; r < n; r++)
        {
            var row = m.AsSpan(r * l, l);
            Array.Clear(product);
            for (var i = 0; i < l; i++)
                if (row[i] != 0) TensorPrimitives.MultiplyAdd(inverse.AsSpan(i * l + i, l - i), row[i], product.AsSpan(i), product.AsSpan(i));
            product.CopyTo(row);
        }
        return true;
    }

    // Modified Gram-Schmidt on a column-major copy, so every dot product and update runs over contiguous memory.
    private static void GramSchmidt(double[] m, int n, int l)
    {
        var columns = new double[l][];
        for (var j = 0; j < l; j++)
        {
            var col = columns[j] = new double[n];
            for (var r = 0; r < n; r++) col[r] = m[r * l + j];
        }
        for (var j = 0; j < l; j++)
        {
            var col = columns[j];
            for (var p = 0; p < j; p++)
            {
                var dot = TensorPrimitives.Dot<double>(col, columns[p]);
                TensorPrimitives.MultiplyAdd(columns[p], -dot, col, col);
            }
            var norm = Math.Sqrt(TensorPrimitives.Dot<double>(col, col));
            if (norm > 1e-12) TensorPrimitives.Divide(col, norm, col);
            else Array.Clear(col);
        }
        for (var j = 0; j < l; j++)
        {
            var col = columns[j];
            for (var r = 0; r < n; r++) m[r * l + j] = col[r];
        }
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
