using System.Numerics;
using System.Runtime.InteropServices;

namespace EventSourcedRag.Retrieval.Dense;

/// <summary>SIMD dot products and normalisation over float spans.</summary>
public static class VectorMath
{
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        for (var i = 0; i < va.Length; i++) sum += va[i] * vb[i];
        var result = Vector.Sum(sum);
        for (var i = va.Length * Vector<float>.Count; i < a.Length; i++) result += a[i] * b[i];
        return result;
    }

    public static void Normalize(Span<float> v)
    {
        var norm = MathF.Sqrt(Dot(v, v));
        if (norm <= 0) return;
        for (var i = 0; i < v.Length; i++) v[i] /= norm;
    }
}
