namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

/// <summary>
/// A caller's request about read models (a target name, an as-of, a limit, an export format) that cannot be served,
/// with a message written for that caller. Its own type, so the API shows this message and never the text of an
/// ArgumentException thrown by a library.
/// </summary>
public sealed class InvalidReadModelRequest(string message) : ArgumentException(message);
