using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EventSourcedRag.Domain.Experiments;

/// <summary>
/// Which arm a unit (user or session) is in: a salted SHA-256 of the unit maps it to a point in [0, 1); below the
/// treatment's share it gets the treatment. Deterministic and sticky (the same unit, salt and share give the same
/// arm, on every replica), monotone (a unit in the treatment at 5 % stays in it at 25 %), and independent between
/// experiments (each has its own salt).
/// </summary>
public static class Assignment
{
    public const string Control = "control", Treatment = "treatment";

    public static double Point(string salt, string unit)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(salt + "\n" + unit));
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }

    public static string VariantOf(string salt, string unit, double treatmentShare) => Point(salt, unit) < treatmentShare ? Treatment : Control;
}
