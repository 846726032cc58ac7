using System.Security.Cryptography;
using System.Text;

namespace EventSourcedRag.Infrastructure.Platform.Secrets;

/// <summary>
/// Fingerprints of secret values that were ever published with the source code: the development values of
/// appsettings.Development.json and those an earlier appsettings.json committed. Anyone can read them, so no
/// deployment outside Development may use them. Only SHA-256 fingerprints are kept here, never the values.
/// </summary>
public static class PublishedSecrets
{
    private static readonly HashSet<string> UserHashKeys =
    [
        "845e559543f5a2c70418ab01d1aedef549216f18293a16d0f7a92a216e1e95ca", // "change-me-in-production-…", appsettings.json until issue 24
        "adf90333ea97f7837aeef3d5114b2c46b761110eb625d6436392a7e548bbe6a9", // appsettings.Development.json
    ];

    private static readonly HashSet<string> MasterKeys =
    [
        "9867177db8501e4eebd6cf3dba61b1341a2118623907d344dd0bc25d3e79c6de", // appsettings.json until issue 24
        "e5422d62f680fe25fa3c77b59f5dae84de01a42acd7272e4bfb3f517e105c19b", // appsettings.Development.json
    ];

    /// <summary>Of the public half (SubjectPublicKeyInfo), so a re-encoded PEM of the same key is caught too.</summary>
    private static readonly HashSet<string> CheckpointKeys =
    [
        "9308b63cf801f8a40bd0834472a30e71fc004fe83d0e06f0737d0b16a1babfa5", // appsettings.json until issue 24
        "9a52963ec3e4c55f8715b596deae0520ba98f364c9e061eaa1c291e152653c76", // appsettings.Development.json
    ];

    public static bool IsPublishedUserHashKey(string value) => UserHashKeys.Contains(Fingerprint(Encoding.UTF8.GetBytes(value)));

    public static bool IsPublishedMasterKey(byte[] key) => MasterKeys.Contains(Fingerprint(key));

    public static bool IsPublishedCheckpointKey(ECDsa key) => CheckpointKeys.Contains(Fingerprint(key.ExportSubjectPublicKeyInfo()));

    private static string Fingerprint(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
