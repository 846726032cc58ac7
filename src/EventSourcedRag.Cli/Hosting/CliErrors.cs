using System.CommandLine;
using EventSourcedRag.Domain;
using EventSourcedRag.Infrastructure.Documents;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Infrastructure.Queries;
using Npgsql;

namespace EventSourcedRag.Cli.Hosting;

/// <summary>Exit codes: 0 success, 1 the job ran but failed its check, 2 usage or input error, 3 a service is unreachable.</summary>
public static class CliErrors
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"esrag: {error.Message}");
            Console.Error.WriteLine("esrag: run 'esrag --help' for the verbs and their options.");
            return 2;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancel.Token);
        }
        catch (Exception ex) when (Classify(ex) is { } code)
        {
            Console.Error.WriteLine($"esrag: {Message(ex)}");
            return code;
        }
    }

    private static int? Classify(Exception ex) => ex switch
    {
        ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or InvalidQuery or UploadRejected or DomainRuleViolated or InvalidConfiguration
            or Infrastructure.Audit.ReplayUnavailable => 2,
        NpgsqlException or System.Net.Sockets.SocketException or MassTransit.RabbitMqConnectionException => 3,
        TimeoutException => 1,
        AggregateException { InnerExceptions.Count: 1 } a => Classify(a.InnerException!),
        _ => null,
    };

    private static string Message(Exception ex) => ex is AggregateException { InnerExceptions.Count: 1 } a
        ? Message(a.InnerException!)
        : ex is NpgsqlException ? $"PostgreSQL is unreachable ({ex.Message}); run scripts/setup.sh" : ex.Message;
}
