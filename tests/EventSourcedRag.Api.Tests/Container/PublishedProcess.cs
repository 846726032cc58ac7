using System.Diagnostics;

namespace EventSourcedRag.Api.Tests.Container;

/// <summary>
/// A published app started as its container would start it: from the image's working directory, with only the
/// container's environment (nothing inherited from the test process but what finds the dotnet host), output to a log.
/// </summary>
public sealed class PublishedProcess : IDisposable
{
    private readonly Process _process;

    private PublishedProcess(Process process, string log) => (_process, Log) = (process, log);

    public string Log { get; }

    public bool Running => !_process.HasExited;

    public static PublishedProcess Start(string workingDirectory, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string log)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var inherited = new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" }
            .Select(k => (Key: k, Value: System.Environment.GetEnvironmentVariable(k))).Where(p => p.Value is not null).ToList();
        start.Environment.Clear();
        foreach (var (key, value) in inherited) start.Environment[key] = value;
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {dll} did not start");
        var writer = new StreamWriter(log) { AutoFlush = true };
        var gate = new object();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gate) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gate) writer.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (gate) writer.Dispose(); };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PublishedProcess(process, log);
    }

    /// <summary>Stops it as `docker stop` does (SIGTERM), so it shuts down gracefully; false when it outlived <paramref name="limit"/>.</summary>
    public async Task<bool> StopAsync(TimeSpan limit)
    {
        if (_process.HasExited) return true;
        var term = await ExternalCommand.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], "/");
        if (term.ExitCode != 0) return _process.HasExited;
        using var wait = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The last lines of its log, for a failure message.</summary>
    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(Log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var all = new StreamReader(stream).ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
