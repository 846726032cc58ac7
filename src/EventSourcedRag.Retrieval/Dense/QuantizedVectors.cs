using System.Numerics;
using System.Runtime.InteropServices;

namespace EventSourcedRag.Retrieval.Dense;

/// <summary>
/// Unit vectors stored as signed bytes with one scale per vector (symmetric scalar quantisation): a quarter of
/// the memory of floats. Dot products run on the bytes with SIMD and are rescaled; the error on a cosine is
/// about 1e-3, far below the gaps that decide a top-10.
/// </summary>
public sealed class QuantizedVectors(int dimensions)
{
    private readonly List<sbyte[]?> _codes = [];
    private readonly List<float> _scales = [];

    public int Dimensions { get; } = dimensions;

    public void Set(int slot, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions) throw new ArgumentException($"Expected {Dimensions} dimensions, got {vector.Length}.", nameof(vector));
        while (_codes.Count <= slot)
        {
            _codes.Add(null);
            _scales.Add(0);
        }
        var max = 0f;
        foreach (var x in vector) max = MathF.Max(max, MathF.Abs(x));
        var codes = new sbyte[Dimensions];
        var scale = max > 0 ? max / 127f : 0f;
        for (var i = 0; i < Dimensions; i++) codes[i] = scale > 0 ? (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127, 127) : (sbyte)0;
        _codes[slot] = codes;
        _scales[slot] = scale;
    }

    public void Remove(int slot)
    {
        if (slot < _codes.Count) _codes[slot] = null;
    }

    public bool Has(int slot) => slot < _codes.Count && _codes[slot] is not null;

    /// <summary>
    /// A float query against a stored vector (asymmetric: only the stored side is quantised, which halves the
    /// error of comparing two quantised vectors).
    /// </summary>
    public float Dot(ReadOnlySpan<float> query, int slot)
    {
        var codes = _codes[slot]!;
        var i = 0;
        var acc = Vector<float>.Zero;
        if (Vector.IsHardwareAccelerated && codes.Length >= Vector<sbyte>.Count)
        {
            var n = Vector<float>.Count;
            var vc = MemoryMarshal.Cast<sbyte, Vector<sbyte>>(codes.AsSpan());
            for (var v = 0; v < vc.Length; v++)
            {
                Vector.Widen(vc[v], out var low, out var high);
                Vector.Widen(low, out var i0, out var i1);
                Vector.Widen(high, out var i2, out var i3);
                var b = v * Vector<sbyte>.Count;
                acc += Vector.ConvertToSingle(i0) * new Vector<float>(query.Slice(b, n));
                acc += Vector.ConvertToSingle(i1) * new Vector<float>(query.Slice(b + n, n));
                acc += Vector.ConvertToSingle(i2) * new Vector<float>(query.Slice(b + 2 * n, n));
                acc += Vector.ConvertToSingle(i3) * new Vector<float>(query.Slice(b + 3 * n, n));
            }
            i = vc.Length * Vector<sbyte>.Count;
        }
        var sum = Vector.Sum(acc);
        for (; i < codes.Length; i++) sum += query[i] * codes[i];
        return sum * _scales[slot];
    }

    public float Dot(int a, int b) => Dot(_codes[a]!, _codes[b]!) * _scales[a] * _scales[b];

    public void Write(BinaryWriter w)
    {
        w.Write(Dimensions);
        w.Write(_codes.Count);
        for (var i = 0; i < _codes.Count; i++)
        {
            w.Write(_codes[i] is not null);
            if (_codes[i] is not { } codes) continue;
            w.Write(_scales[i]);
            w.Write((byte[])(Array)codes);
        }
    }

    public static QuantizedVectors Read(BinaryReader r)
    {
        var store = new QuantizedVectors(r.ReadInt32());
        var count = r.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            if (!r.ReadBoolean())
            {
                store._codes.Add(null);
                store._scales.Add(0);
                continue;
            }
            store._scales.Add(r.ReadSingle());
            store._codes.Add((sbyte[])(Array)r.ReadBytes(store.Dimensions));
        }
        return store;
    }

    /// <summary>Bytes held per stored vector (codes and scale).</summary>
    public int BytesPerVector => Dimensions + sizeof(float);

    private static int Dot(sbyte[] a, sbyte[] b)
    {
        var i = 0;
        var sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<sbyte>.Count)
        {
            var acc = Vector<int>.Zero;
            var va = MemoryMarshal.Cast<sbyte, Vector<sbyte>>(a.AsSpan());
            var vb = MemoryMarshal.Cast<sbyte, Vector<sbyte>>(b.AsSpan());
            for (var v = 0; v < va.Length; v++)
            {
                // Widen to 16 then 32 bits so products and sums cannot overflow.
                Vector.Widen(va[v], out var aLow, out var aHigh);
                Vector.Widen(vb[v], out var bLow, out var bHigh);
                Vector.Widen(aLow * bLow, out var p0, out var p1);
                Vector.Widen(aHigh * bHigh, out var p2, out var p3);
                acc += p0 + p1 + p2 + p3;
            }
            sum = Vector.Sum(acc);
            i = va.Length * Vector<sbyte>.Count;
        }
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
