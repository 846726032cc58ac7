using System.Globalization;
using System.Threading.RateLimiting;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Infrastructure.Privacy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.IdentityModel.Tokens;

namespace EventSourcedRag.Api.Hosting.Access;

/// <summary>Authentication (API keys, optional JWT), authorization by role, rate limits and the JSON body limit.</summary>
public static class AccessRegistration
{
    private const string Selector = "Credential";
    private const string Jwt = "Jwt";

    public static WebApplicationBuilder AddAccessControl(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AccessOptions.Section).Get<AccessOptions>() ?? new AccessOptions();
        var problems = options.Validate().ToList();
        if (problems.Count > 0) throw new InvalidConfiguration(problems);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));

        var authentication = builder.Services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "API key or bearer token", p => p.ForwardDefaultSelector = http =>
                options.Jwt.Enabled && ApiKeyAuthenticationHandler.TokenOf(http.Request) is null
                    && http.Request.Headers.Authorization.FirstOrDefault()?.StartsWith("Bearer ", StringComparison.Ordinal) == true
                    ? Jwt
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (options.Jwt.Enabled) authentication.AddJwtBearer(Jwt, j => ConfigureJwt(j, options.Jwt));

        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessProblems>();
        // An endpoint that forgot its declaration still needs a credential; the endpoint test then names it.
        builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddRateLimiter(r =>
        {
            r.GlobalLimiter = PartitionedRateLimiter.CreateChained(PerCredential(options.RateLimits), PerAddress(options.RateLimits));
            r.OnRejected = async (context, ct) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(context.HttpContext, 429, "Too many requests", "rate_limited",
                    $"Too many requests for this credential or address; retry after {seconds} s.");
            };
        });
        return builder;
    }

    public static WebApplication UseAccessControl(this WebApplication app)
    {
        app.Use(RejectAmbiguousCredentials);
        app.UseAuthentication();
        app.UseRateLimiter();
        var limit = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccessOptions>>().Value.MaxJsonBodyBytes;
        app.Use((http, next) => RejectOversizeJson(http, next, limit));
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Two credentials in one request (an Authorization header and an X-Api-Key, or either twice) are a 400: which one
    /// counts must never be a guess, as it was when a bearer key and another tenant's X-Api-Key were served as the second.
    /// </summary>
    private static Task RejectAmbiguousCredentials(HttpContext http, RequestDelegate next)
    {
        var headers = http.Request.Headers;
        var count = headers.Authorization.Count + headers[ApiKeyAuthenticationHandler.HeaderName].Count;
        return count > 1
            ? Problems.WriteAsync(http, 400, "Ambiguous credentials", "ambiguous_credentials",
                $"Send one credential: either Authorization or {ApiKeyAuthenticationHandler.HeaderName}, once.")
            : next(http);
    }

    private static void ConfigureJwt(JwtBearerOptions j, JwtOptions o)
    {
        j.MapInboundClaims = false;
        if (o.Authority is { Length: > 0 }) j.Authority = o.Authority;
        j.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = o.Issuer,
            ValidAudience = o.Audience,
            IssuerSigningKey = o.SigningKey is { Length: > 0 } ? new SymmetricSecurityKey(Base64Setting.TryDecode(o.SigningKey)) : null,
            NameClaimType = "sub",
            RoleClaimType = AccessClaims.Role,
        };
        j.Events = new JwtBearerEvents
        {
            // The product's claims, whatever else the provider put in: tenant and known roles are required.
            OnTokenValidated = context =>
            {
                var user = context.Principal!;
                var tenant = user.FindFirst(AccessClaims.Tenant)?.Value;
                var roles = user.FindAll(AccessClaims.Role).Select(c => c.Value).Where(Roles.IsKnown).ToList();
                if (string.IsNullOrWhiteSpace(tenant) || roles.Count == 0)
                {
                    context.Fail("The token needs a 'tenant' claim and a 'roles' claim naming at least one of " + string.Join(", ", Roles.All) + ".");
                    return Task.CompletedTask;
                }
                context.Principal = new(AccessClaims.Identity(Jwt, "jwt:" + (user.FindFirst("sub")?.Value ?? "unknown"), tenant, roles));
                return Task.CompletedTask;
            },
        };
    }

    private static PartitionedRateLimiter<HttpContext> PerCredential(RateLimitOptions o) => PartitionedRateLimiter.Create<HttpContext, string>(http =>
        AccessClaims.PrincipalOf(http.User) is { } principal
            ? RateLimitPartition.GetTokenBucketLimiter(principal, _ => Bucket(o.PerKeyPerSecond, o.PerKeyBurst))
            : RateLimitPartition.GetNoLimiter(""));

    private static PartitionedRateLimiter<HttpContext> PerAddress(RateLimitOptions o) => PartitionedRateLimiter.Create<HttpContext, string>(http =>
        RateLimitPartition.GetTokenBucketLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => Bucket(o.PerIpPerSecond, o.PerIpBurst)));

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>JSON bodies have a limit far below the upload limit Kestrel enforces for every request.</summary>
    private static async Task RejectOversizeJson(HttpContext http, RequestDelegate next, long limit)
    {
        if (http.Request.HasJsonContentType())
        {
            if (http.Request.ContentLength > limit)
            {
                await Problems.WriteAsync(http, 413, "Payload too large", "body_too_large", $"JSON bodies are limited to {limit} bytes.");
                return;
            }
            // A chunked body has no length up front: Kestrel stops reading it at the limit instead.
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        }
        await next(http);
    }
}
