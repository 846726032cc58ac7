namespace EventSourcedRag.Infrastructure.Documents;

/// <summary>An upload that cannot be accepted, with the HTTP status that says why (400, 413, 415).</summary>
public sealed class UploadRejected(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    public static UploadRejected Unsupported(string message) => new(415, "unsupported_media_type", message);
    public static UploadRejected Malformed(string message) => new(400, "malformed_upload", message);
    public static UploadRejected TooLarge(long limit) => new(413, "upload_too_large", $"The upload exceeds the limit of {limit} bytes.");
}
