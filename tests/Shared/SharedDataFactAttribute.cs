namespace EventSourcedRag.Testing;

/// <summary>
/// A fact that needs files from the workplace's ../shared folder (real tokenizer files, BEIR data). A user's clone
/// has no such folder, so the test is skipped there, saying why; CI always has it.
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string relativePath)
    {
        if (SharedData.Find(relativePath) is null)
            Skip = $"needs ../shared/{relativePath}, which only the project's own machines have";
    }
}

public static class SharedData
{
    /// <summary>The path of a file or folder under ../shared, searched upwards from the test binaries; null when absent.</summary>
    public static string? Find(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", relativePath);
            if (File.Exists(candidate) || Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
