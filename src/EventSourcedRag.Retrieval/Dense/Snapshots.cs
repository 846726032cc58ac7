using System.Runtime.InteropServices;

namespace EventSourcedRag.Retrieval.Dense;

/// <summary>Array helpers for the binary snapshots of indexes and encoders.</summary>
internal static class Snapshots
{
    public static void WriteFloats(BinaryWriter w, float[] values)
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    public static float[] ReadFloats(BinaryReader r)
    {
        var values = new float[r.ReadInt32()];
        var bytes = r.ReadBytes(values.Length * sizeof(float));
        if (bytes.Length != values.Length * sizeof(float)) throw new EndOfStreamException("Snapshot ends inside a vector.");
        MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values);
        return values;
    }
}
