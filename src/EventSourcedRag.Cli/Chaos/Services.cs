using System.Diagnostics;

namespace EventSourcedRag.Cli.Chaos;

/// <summary>Stops and starts the machine's PostgreSQL and RabbitMQ, as scripts/setup.sh installed them (needs root).</summary>
public static class Services
{
    public static bool CanControl => Environment.UserName == "root" && File.Exists("/usr/bin/pg_ctlcluster") && File.Exists("/usr/sbin/rabbitmqctl");

    public static Task StopPostgresAsync(CancellationToken ct) => RunAsync("pg_ctlcluster", ["15", "main", "stop", "-m", "fast"], ct);
    public static Task StartPostgresAsync(CancellationToken ct) => RunAsync("pg_ctlcluster", ["15", "main", "start"], ct);

    /// <summary>Stops the whole broker node, as a restart or a crash of the machine's RabbitMQ would.</summary>
    public static Task StopRabbitAsync(CancellationToken ct) => RunAsync("rabbitmqctl", ["stop"], ct);

    public static async Task StartRabbitAsync(CancellationToken ct)
    {
        // The detached node would inherit redirected output and hold our pipes open (and block on them): detach it from them.
        await RunAsync("sh", ["-c", "rabbitmq-server -detached >/dev/null 2>&1 </dev/null"], ct);
        // The node registers a moment after -detached returns; until then await_startup fails at once.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await RunAsync("rabbitmqctl", ["await_startup", "--timeout", "5"], ct);
                return;
            }
            catch (InvalidOperationException) when (attempt < 60)
            {
                await Task.Delay(1000, ct);
            }
        }
    }

    private static async Task RunAsync(string command, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not run {command}.");
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed ({process.ExitCode}): {(await error).Trim()}");
    }
}
