using System.Diagnostics;

namespace EventSourcedRag.Cli.Benchmarking;

/// <summary>
/// CPU seconds spent by this process and by the local PostgreSQL server between two readings. On a shared machine a
/// neighbour's load moves throughput by tens of percent from run to run; CPU spent per operation moves far less,
/// so it is what tells two builds apart. PostgreSQL's share is read from /proc (Linux, server on this machine);
/// backends that exit inside the window take their time with them, so the bench keeps its pools open throughout.
/// </summary>
public sealed class CpuMeter
{
    private const double TicksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on
    private readonly TimeSpan _own;
    private readonly double? _postgres;

    private CpuMeter(TimeSpan own, double? postgres) => (_own, _postgres) = (own, postgres);

    public static CpuMeter Start() => new(Own(), Postgres());

    /// <returns>Seconds of CPU since <see cref="Start"/>: this process, and PostgreSQL (null where /proc cannot tell).</returns>
    public (double Own, double? Postgres) Elapsed()
    {
        var postgres = Postgres();
        return ((Own() - _own).TotalSeconds, postgres is { } now && _postgres is { } then ? now - then : null);
    }

    private static TimeSpan Own()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static double? Postgres()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc")) return null;
        long ticks = 0;
        var found = false;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                if (close < 0 || !stat.AsSpan(0, close).EndsWith("(postgres", StringComparison.Ordinal)) continue;
                var fields = stat[(close + 2)..].Split(' ');
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]); // utime, stime
                found = true;
            }
            catch (IOException) { } // the process ended while being read
            catch (UnauthorizedAccessException) { }
        }
        return found ? ticks / TicksPerSecond : null;
    }
}
