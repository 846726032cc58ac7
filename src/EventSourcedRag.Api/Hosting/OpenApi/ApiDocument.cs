using System.Text.Json.Nodes;
using EventSourcedRag.Api.Hosting.Access;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace EventSourcedRag.Api.Hosting.OpenApi;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) and its reference UI (<c>/scalar</c>). Every operation gets the
/// problem responses the host can give it (the same RFC 7807 shape everywhere), the roles it accepts, and an
/// example request and response where one helps.
/// </summary>
public static partial class ApiDocument
{
    public const string Name = "v1";
    private const string ProblemSchema = "Problem";
    private const string KeyScheme = "ApiKey";

    public static WebApplicationBuilder AddApiDocument(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(Name, o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
            // Enums are written as snake_case strings (ApiHosting's JsonStringEnumConverter), but their schemas come out
            // as a bare list of values; without "type": "string" generators such as NSwag make integer enums that
            // cannot read the API's responses.
            // Strings are read by StorableStringConverter (it refuses U+0000), and a custom converter hides their type from
            // the schema generator: without "type": "string" generators type every string property as object.
            o.AddSchemaTransformer((schema, context, _) =>
            {
                if (schema is { Enum.Count: > 0, Type: null } && schema.Enum.All(v => v?.GetValueKind() == System.Text.Json.JsonValueKind.String))
                    schema.Type = JsonSchemaType.String;
                else if (schema.Type is null && context.JsonTypeInfo.Type == typeof(string))
                    schema.Type = context.JsonPropertyInfo is { IsGetNullable: true } ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var endpoint = context.Description;
                // "{id:guid}" → "{id}": the path as the document shows it.
                var key = $"{endpoint.HttpMethod} /{RouteConstraint().Replace(endpoint.RelativePath?.TrimEnd('/') ?? "", "{$1}")}";
                operation.OperationId ??= ApiOperations.Ids.GetValueOrDefault(key);
                if (operation.Tags is { Count: > 0 } tags)
                    operation.Tags = tags.Select(t => new OpenApiTagReference(ApiOperations.TagOf(t.Name!), context.Document)).ToHashSet();
                ApiExamples.Apply(key, operation, context.Document!);
                var anonymous = endpoint.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();
                AddProblems(operation, context.Document!, anonymous, endpoint.ParameterDescriptions.Count > 0 || operation.RequestBody is not null || endpoint.HttpMethod == "POST",
                    endpoint.RelativePath?.Contains('{') == true);
                AddRoles(operation, endpoint.ActionDescriptor.EndpointMetadata.OfType<AllowedRoles>().FirstOrDefault());
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static WebApplication MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(o => o
            .WithTitle("EventSourcedRag API")
            .AddPreferredSecuritySchemes(KeyScheme)
            .WithDefaultHttpClient(ScalarTarget.Shell, ScalarClient.Curl)).AllowAnonymous();
        return app;
    }

    private static void Describe(OpenApiDocument document)
    {
        // The server is the address the document was read from; without the trailing slash clients append paths to it.
        foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
        // Operations were tagged by feature (ApiOperations.TagOf); the document's list follows, with descriptions.
        document.Tags = document.Tags?.Select(t => ApiOperations.TagOf(t.Name!)).Distinct()
            .Select(name => new OpenApiTag { Name = name, Description = ApiOperations.Tags.GetValueOrDefault(name) }).ToHashSet();
        document.Info = new OpenApiInfo
        {
            Title = "EventSourcedRag API",
            Version = "v1",
            Description = """
                A retrieval-augmented answering service that learns from its users; every request that changes something is stored
                as immutable events before it is acknowledged. Authenticate with an API key (`Authorization: Bearer esk_…` or
                `X-Api-Key`); the key fixes the tenant and the roles (client, admin, auditor, data-scientist). Send `X-User-Id`
                with the app's end user (stored only as a keyed hash) and optionally `X-Correlation-Id`. Every error is an
                RFC 7807 problem (`application/problem+json`) with a stable `code`.
                """,
        };
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 7807 problem details with the product's stable error code.",
            Required = new HashSet<string> { "type", "title", "status", "code" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI naming the kind of problem: https://eventsourcedrag.dev/problems/{code}." },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What was wrong with this request, in words." },
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable machine-readable code, e.g. missing_field, not_found, rate_limited." },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        };
        document.Components.Schemas[ApiExamples.TextDocumentSchema] = ApiExamples.TextDocument;
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[KeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key (esk_…) from `esrag keys create` or POST /v1/admin/keys; X-Api-Key works too. JWTs are accepted when Access:Jwt is configured.",
        };
    }

    // What the host itself can answer to any operation, beside the operation's own results.
    private static readonly (string Status, string Description)[] Always =
    [
        ("401", "No credential, or an unknown, revoked or expired one (code authentication_required)."),
        ("403", "The credential lacks every role the operation accepts (code role_required)."),
        ("429", "Too many requests for this credential or address (code rate_limited), or feedback over its per-response or per-user cap (code feedback_limit); see Retry-After."),
        ("500", "An unexpected failure; nothing about it is disclosed (code internal_error)."),
        ("503", "PostgreSQL cannot be reached (code store_unavailable), or more feedback waits to be written than the host holds (code feedback_queue_full); nothing was stored; see Retry-After."),
    ];

    private static void AddProblems(OpenApiOperation operation, OpenApiDocument document, bool anonymous, bool takesInput, bool namesResource)
    {
        operation.Responses ??= new OpenApiResponses();
        var problems = Always.Where(p => !anonymous || p.Status is not ("401" or "403")).ToList();
        if (takesInput) problems.Add(("400", "The request is malformed or breaks a rule; `code` says which (e.g. malformed_json, missing_field)."));
        if (namesResource) problems.Add(("404", "Nothing with that id in the caller's tenant (code not_found)."));
        if (operation.RequestBody is not null) problems.Add(("413", "The JSON body is over Access:MaxJsonBodyBytes (code body_too_large)."));
        foreach (var (status, description) in problems)
        {
            if (operation.Responses.ContainsKey(status)) continue;
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
                },
            };
        }
        // An anonymous operation says so with an empty requirement, rather than leaving clients to guess.
        operation.Security = anonymous ? [] : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(KeyScheme, document)] = [] }];
    }

    private static void AddRoles(OpenApiOperation operation, AllowedRoles? roles)
    {
        if (roles is null) return;
        var line = $"Roles: {string.Join(", ", roles.Roles)}.";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? line : operation.Description + "\n\n" + line;
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions["x-roles"] = new JsonNodeExtension(new JsonArray(roles.Roles.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray()));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{(\w+):[^}]+\}")]
    private static partial System.Text.RegularExpressions.Regex RouteConstraint();
}
