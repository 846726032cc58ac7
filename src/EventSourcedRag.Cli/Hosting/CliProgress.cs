using Spectre.Console;

namespace EventSourcedRag.Cli.Hosting;

/// <summary>A progress bar for a long job that reports the share done (0 to 1); none when a script asked for --json.</summary>
public static class CliProgress
{
    public static async Task<T> RunAsync<T>(string label, bool quiet, Func<IProgress<double>, Task<T>> work)
    {
        if (quiet || Console.IsOutputRedirected) return await work(new Progress<double>());
        var result = default(T)!;
        await AnsiConsole.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label, maxValue: 1);
                // Progress<T> would post to the thread pool out of order; the bar only ever moves forward.
                result = await work(new Share(share => task.Value = Math.Max(task.Value, Math.Clamp(share, 0, 1))));
                task.Value = 1;
            });
        return result;
    }

    private sealed class Share(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
