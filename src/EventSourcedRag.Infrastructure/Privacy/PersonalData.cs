using System.Text;
using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Projections.ReadModels;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Privacy;

/// <summary>
/// Personal fields of events (feedback comments; query text when configured as personal) are sealed with the
/// data subject's key before they are stored, and opened when the log is read for projections, training,
/// exports and timelines. Once a subject is erased their fields read as <see cref="ErasedText"/> and their
/// events no longer feed any derived data. The events themselves never change, so the hash chain stays valid.
/// </summary>
public sealed class PersonalData(SubjectKeys keys, IOptions<PrivacyOptions> privacy)
{
    public const string Prefix = "sealed:v1:";
    public const string ErasedText = "[erased]";

    private readonly bool _sealQueryText = privacy.Value.SealQueryText;

    /// <summary>Seals the personal fields of events written for a subject; anonymous users have no subject and nothing is sealed.</summary>
    public async Task<object[]> SealAsync(string tenant, string subject, object[] events, CancellationToken ct) =>
        events.Any(HasPersonalFields) ? (await SealerAsync(tenant, subject, ct))(events) : events;

    /// <summary>Whether feedback can carry personal data at all: only its free-text comment does.</summary>
    public static bool CarriesPersonalData(FeedbackSignal signal) => signal switch
    {
        FeedbackSignal.ThumbsUp { Comment: { Length: > 0 } } or FeedbackSignal.ThumbsDown { Comment: { Length: > 0 } } or FeedbackSignal.Rating { Comment: { Length: > 0 } }
            or FeedbackSignal.WrongSource { Comment: { Length: > 0 } } or FeedbackSignal.MissingInfo { Comment: { Length: > 0 } }
            or FeedbackSignal.SuggestSource { Comment: { Length: > 0 } } => true,
        _ => false,
    };

    /// <summary>The subject's sealing as a plain function, for deciders that run inside a retry loop.</summary>
    public async Task<Func<object[], object[]>> SealerAsync(string tenant, string subject, CancellationToken ct)
    {
        if (!UserHasher.IsUserHash(subject)) return events => events; // no end user named: nothing links the text to a person
        // An erased subject stays erased: what they send later is not kept (the app should use a new user id).
        var key = await keys.KeyForSealingAsync(tenant, subject, ct);
        return events => events.Select(e => HasPersonalFields(e) ? Map(e, text => text is null ? null : key is null ? ErasedText : Seal(key, subject, text)) : e).ToArray();
    }

    /// <summary>
    /// Opens a page of events for derived data: events of erased subjects are left out, sealed fields of the
    /// others are replaced by their text.
    /// </summary>
    public async Task<IReadOnlyList<ProjectedEvent>> RevealAsync(IReadOnlyList<ProjectedEvent> events, CancellationToken ct)
    {
        var erased = await keys.ErasedAsync(ct);
        var kept = erased.Count == 0 ? events : events.Where(e => !IsOfErased(e, erased)).ToList();
        var open = await OpenerAsync(kept.Select(e => (e.Tenant, e.Data)), ct);
        return kept.Select(e => HasPersonalFields(e.Data) ? e with { Data = Map(e.Data, text => open(e.Tenant, text)) } : e).ToList();
    }

    /// <summary>Opens the sealed fields of one tenant's events for display (an auditor's timeline): erased ones read as <see cref="ErasedText"/>.</summary>
    public async Task<IReadOnlyList<object>> OpenAsync(string tenant, IReadOnlyList<object> events, CancellationToken ct)
    {
        var open = await OpenerAsync(events.Select(e => (tenant, e)), ct);
        return events.Select(e => HasPersonalFields(e) ? Map(e, text => open(tenant, text)) : e).ToList();
    }

    public static bool IsOfErased(ProjectedEvent e, IReadOnlySet<(string Tenant, string Subject)> erased) =>
        (e.Actor is { } actor && erased.Contains((e.Tenant, actor)))
        || (e.Data is QueryReceived q && erased.Contains((e.Tenant, q.UserHash)))
        || (e.Data is QueryFailed f && erased.Contains((e.Tenant, f.UserHash)));

    /// <summary>
    /// Fetches, in one query, the keys of every subject whose fields the events seal. Keys are per tenant and
    /// subject (one user hash stands in several tenants with a different key in each), so opening needs both.
    /// </summary>
    private async Task<Func<string, string?, string?>> OpenerAsync(IEnumerable<(string Tenant, object Data)> events, CancellationToken ct)
    {
        var subjects = new HashSet<(string, string)>();
        foreach (var (tenant, data) in events)
            if (HasPersonalFields(data))
                foreach (var text in Fields(data))
                    if (TryParse(text, out var subject, out _)) subjects.Add((tenant, subject));
        if (subjects.Count == 0) return (_, text) => text;
        var found = await keys.KeysAsync(subjects, ct);
        return (tenant, text) =>
        {
            if (!TryParse(text, out var subject, out var payload)) return text;
            return found.GetValueOrDefault((tenant, subject)) is { } key && Sealing.Decrypt(key, payload) is { } plain ? Encoding.UTF8.GetString(plain) : ErasedText;
        };
    }

    private static string Seal(byte[] key, string subject, string text) =>
        Prefix + subject + ":" + Convert.ToBase64String(Sealing.Encrypt(key, Encoding.UTF8.GetBytes(text)));

    private static bool TryParse(string? text, out string subject, out byte[] payload)
    {
        subject = "";
        payload = [];
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var split = text.LastIndexOf(':');
        if (split <= Prefix.Length) return false;
        subject = text[Prefix.Length..split];
        try { payload = Convert.FromBase64String(text[(split + 1)..]); }
        catch (FormatException) { return false; }
        return true;
    }

    private bool HasPersonalFields(object e) => e is ThumbsUpGiven or ThumbsDownGiven or AnswerRated or WrongSourceFlagged or MissingInfoFlagged or SourceSuggested
        || (e is QueryReceived && _sealQueryText) || (e is QueryReceived q && q.Text.StartsWith(Prefix, StringComparison.Ordinal));

    private static IEnumerable<string?> Fields(object e)
    {
        var fields = new List<string?>();
        Map(e, text =>
        {
            fields.Add(text);
            return text;
        });
        return fields;
    }

    /// <summary>The one list of personal fields: every sealing and opening goes through it.</summary>
    private static object Map(object e, Func<string?, string?> f) => e switch
    {
        QueryReceived q => q with { Text = f(q.Text)!, NormalizedText = f(q.NormalizedText)! },
        ThumbsUpGiven x => x with { Comment = f(x.Comment) },
        ThumbsDownGiven x => x with { Comment = f(x.Comment) },
        AnswerRated x => x with { Comment = f(x.Comment) },
        WrongSourceFlagged x => x with { Comment = f(x.Comment) },
        MissingInfoFlagged x => x with { Comment = f(x.Comment) },
        SourceSuggested x => x with { Comment = f(x.Comment) },
        _ => e,
    };
}
