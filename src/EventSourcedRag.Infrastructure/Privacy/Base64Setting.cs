namespace EventSourcedRag.Infrastructure.Privacy;

/// <summary>Keys given in configuration as base64.</summary>
public static class Base64Setting
{
    public static byte[]? TryDecode(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        try { return Convert.FromBase64String(value); }
        catch (FormatException) { return null; }
    }
}
