using System.CommandLine;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using Microsoft.Extensions.Hosting;

namespace EventSourcedRag.Cli.Verbs;

public static class WorkerVerb
{
    public static Command Create()
    {
        var command = new Command("worker", "Run only the ingestion worker (queue consumer and async daemon) until stopped.\nExample: esrag worker");
        command.SetAction(async (parse, ct) =>
        {
            using var host = await CliHost.StartAsync(HostRoles.Worker, null, ct);
            await host.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }
}
