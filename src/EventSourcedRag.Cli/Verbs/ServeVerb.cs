using System.CommandLine;
using EventSourcedRag.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace EventSourcedRag.Cli.Verbs;

public static class ServeVerb
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var command = new Command("serve", "Run the HTTP API and the ingestion worker in one process.\nExample: esrag serve --urls http://127.0.0.1:5080") { urls };
        command.SetAction(async (parse, ct) =>
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.WebHost.UseUrls(parse.GetValue(urls)!);
            builder.AddApplicationServices();
            var app = builder.Build();
            app.MapApplication();
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }
}
