using System.Text.Json;
using System.Text.Json.Serialization;
using EventSourcedRag.Api.Features.Access;
using EventSourcedRag.Api.Features.Audit;
using EventSourcedRag.Api.Features.Documents;
using EventSourcedRag.Api.Features.Encoders;
using EventSourcedRag.Api.Features.Experiments;
using EventSourcedRag.Api.Features.Feedback;
using EventSourcedRag.Api.Features.Models;
using EventSourcedRag.Api.Features.Projections;
using EventSourcedRag.Api.Features.Queries;
using EventSourcedRag.Api.Features.Subjects;
using EventSourcedRag.Api.Features.TrainingSets;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Api.Hosting.Health;
using EventSourcedRag.Api.Hosting.OpenApi;
using EventSourcedRag.Api.Hosting.Resilience;
using EventSourcedRag.Api.WebApp;
using EventSourcedRag.Infrastructure.Ingestion;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace EventSourcedRag.Api.Hosting;

/// <summary>How the API host is put together; shared by Program and by the CLI's serve verb.</summary>
public static class ApiHosting
{
    /// <summary>Registers the application for the roles named by configuration key Hosting:Roles (Api, Worker or All; default All).</summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var roles = Enum.TryParse<HostRoles>(builder.Configuration["Hosting:Roles"] ?? "All", ignoreCase: true, out var r) ? r : HostRoles.All;
        builder.Services.AddEventSourcedRag(builder.Configuration, roles | HostRoles.Api, builder.Environment.EnvironmentName);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures become exceptions, so they get the same problem details as every other 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        builder.AddAccessControl();
        builder.AddObservability();
        builder.AddStoreCircuit();
        builder.AddApiDocument();
        builder.Services.AddReadinessChecks(builder.Configuration, brokerRequired: roles.HasFlag(HostRoles.Worker) || builder.Configuration.GetValue("Messaging:BroadcastServing", true));

        var ingestion = builder.Configuration.GetSection(IngestionOptions.Section).Get<IngestionOptions>() ?? new IngestionOptions();
        var limit = ingestion.MaxUploadBytes + UploadEnvelopeBytes;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = limit);
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = limit);
        return builder;
    }

    public static WebApplication MapApplication(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Query parameters reach SQL parameters too (searches, filters): a NUL there is a 400 naming the parameter.
        app.Use((http, next) => http.Request.Query.FirstOrDefault(q => q.Value.Any(UnstorableText.Holds)) is { Key: { } key }
            ? throw new UnstorableText(key)
            : next(http));
        app.UseAccessControl();
        app.UseStoreCircuit();
        app.MapHealth();
        app.MapObservability();
        app.MapApiDocument();
        app.MapWebApp();
        app.MapAccessApi();
        app.MapDocumentsApi();
        app.MapQueryApi();
        app.MapFeedbackApi();
        app.MapProjectionsApi();
        app.MapTrainingSetApi();
        app.MapModelsApi();
        app.MapExperimentsApi();
        app.MapAuditApi();
        app.MapSubjectsApi();
        app.MapEncoderApi();
        return app;
    }

    /// <summary>Room for multipart boundaries and form fields around the largest accepted file.</summary>
    public const long UploadEnvelopeBytes = 64 * 1024;

    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.DictionaryKeyPolicy = null;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        o.Converters.Add(new StorableStringConverter());
        o.NumberHandling = JsonNumberHandling.Strict;
    }
}
