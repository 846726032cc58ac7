using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace EventSourcedRag.Api.WebApp;

/// <summary>
/// The web app (Ask, Learn, Audit): pages and scripts embedded in this assembly, so every host of the API
/// (Program, the CLI's serve verb, tests) serves the same files without a web root on disk. Each page is the one
/// shell (layout.html: head, navigation, key form) around its own <c>&lt;main&gt;</c> (PAGE.main.html), put together
/// once at start. The pages hold no data and need no credential; everything they show comes from the API with the
/// key the user enters.
/// </summary>
public static class WebAppEndpoints
{
    private static readonly FrozenDictionary<string, WebFile> Files = Load();

    public static IEndpointRouteBuilder MapWebApp(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http) => Serve(http, "ask.html")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/learn", (HttpContext http) => Serve(http, "learn.html")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/audit", (HttpContext http) => Serve(http, "audit.html")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/app/{file}", (string file, HttpContext http) => Serve(http, file)).AllowAnonymous().ExcludeFromDescription();
        // Browsers ask every host for it unprompted; without this route the request got the API's 401.
        app.MapGet("/favicon.ico", (HttpContext http) => Serve(http, "favicon.ico")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext http, string name)
    {
        if (!Files.TryGetValue(name, out var file)) return Results.NotFound();
        var response = http.Response;
        // Scripts only from this origin, no inline code, no framing: a stored question cannot run in an auditor's browser.
        response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache"; // revalidated by ETag, so a new release is picked up at once
        response.Headers.ETag = file.ETag;
        if (http.Request.Headers.IfNoneMatch.Contains(file.ETag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(file.Content, file.ContentType);
    }

    private sealed record WebFile(byte[] Content, string ContentType, string ETag);

    private const string ResourcePrefix = "webapp/";

    private const string Layout = "layout.html";
    private const string MainSuffix = ".main.html";

    private static FrozenDictionary<string, WebFile> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var resources = assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToDictionary(n => n[ResourcePrefix.Length..], n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            });
        var layout = Encoding.UTF8.GetString(resources[Layout]);
        var files = resources.Where(r => r.Key != Layout && !r.Key.EndsWith(MainSuffix, StringComparison.Ordinal))
            .ToDictionary(r => r.Key, r => WebFileOf(r.Key, r.Value));
        foreach (var (page, title) in new[] { ("ask", "Ask"), ("learn", "Learn"), ("audit", "Audit") })
        {
            var html = layout.Replace("{{title}}", title).Replace("{{page}}", page)
                .Replace($"data-page=\"{page}\"", $"data-page=\"{page}\" aria-current=\"page\"")
                .Replace("{{main}}", Encoding.UTF8.GetString(resources[page + MainSuffix]).TrimEnd());
            files[page + ".html"] = WebFileOf(page + ".html", Encoding.UTF8.GetBytes(html));
        }
        return files.ToFrozenDictionary();
    }

    private static WebFile WebFileOf(string name, byte[] bytes) =>
        new(bytes, ContentTypeOf(name), new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"").ToString());

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}
