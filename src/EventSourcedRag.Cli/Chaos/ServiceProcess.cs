using System.Diagnostics;

namespace EventSourcedRag.Cli.Chaos;

/// <summary>
/// One of the product's processes (the API or the worker) run as a separate OS process from this binary, so it
/// can be killed with SIGKILL: no shutdown hooks, no flush, exactly what a crash or an OOM kill does.
/// Output goes to a log file, kept for diagnosis.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServiceProcess(Process process, StreamWriter log) => (_process, _log) = (process, log);

    public bool Running => !_process.HasExited;

    public static ServiceProcess Start(string name, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string logFile)
    {
        // The same binary that runs this command: the apphost when there is one, else `dotnet esrag.dll`.
        var self = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "esrag.dll"));
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name}.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(process, log);
    }

    /// <summary>SIGKILL, and wait until the kernel has reaped it.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
