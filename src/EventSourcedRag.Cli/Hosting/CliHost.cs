using EventSourcedRag.Infrastructure.Platform.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Cli.Hosting;

/// <summary>Runs the application in-process for a verb: same services as the API host, without a web server.</summary>
public static class CliHost
{
    /// <summary>
    /// The environment, named as ASP.NET names it (DOTNET_ENVIRONMENT, else ASPNETCORE_ENVIRONMENT), Production when
    /// neither is set: the CLI then needs real secrets, as the API does. <c>dotnet run</c> sets Development (launchSettings.json).
    /// </summary>
    public static string EnvironmentName =>
        Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } dotnet ? dotnet
        : Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } aspnet ? aspnet
        : Environments.Production;

    /// <summary>
    /// Configuration as every verb sees it: appsettings.json beside the binary, appsettings.{environment}.json, then
    /// ESRAG_-less environment variables (e.g. ConnectionStrings__Postgres), then overrides.
    /// </summary>
    public static IConfigurationRoot Configuration(IReadOnlyDictionary<string, string?>? overrides = null) =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: false)
            .AddJsonFile($"appsettings.{EnvironmentName}.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
            .Build();

    public static async Task<IHost> StartAsync(HostRoles roles, IReadOnlyDictionary<string, string?>? overrides, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory, EnvironmentName = EnvironmentName });
        // A command-line tool without the worker only reads and records: it needs no subscription to serving changes.
        var defaults = new Dictionary<string, string?> { ["Messaging:BroadcastServing"] = roles.HasFlag(HostRoles.Worker) ? "true" : "false" };
        builder.Configuration.AddConfiguration(Configuration(defaults.Concat(overrides ?? new Dictionary<string, string?>())
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)));
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Marten", LogLevel.Error).AddFilter("JasperFx", LogLevel.Error);
        builder.Services.AddEventSourcedRag(builder.Configuration, roles, builder.Environment.EnvironmentName);
        var host = builder.Build();
        await host.StartAsync(ct);
        return host;
    }
}
