namespace EventSourcedRag.Testing;

/// <summary>The checkout the tests run from, for tests that use its scripts, compose file or projects.</summary>
public static class RepositoryFolder
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EventSourcedRag.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("EventSourcedRag.sln not found above " + AppContext.BaseDirectory);
    }
}
