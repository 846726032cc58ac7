using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Search;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Tests.Search;

public class IndexSnapshotFileTests
{
    private static IndexSnapshotFile For(string? folder, string contentRoot) =>
        new(Options.Create(new RetrievalOptions { SnapshotFolder = folder }), Options.Create(new StorageOptions { Schema = "tenant_a" }),
            new Environment(contentRoot));

    [Fact]
    public void Given_a_relative_folder_when_the_process_runs_elsewhere_then_the_snapshot_lies_under_the_content_root()
    {
        var root = Path.Combine(Path.GetTempPath(), "esrag-app", "api");

        For("index-snapshots", root).FilePath.ShouldBe(Path.Combine(root, "index-snapshots", "tenant_a.idx"));
    }

    [Fact]
    public void Given_an_absolute_folder_then_the_content_root_does_not_move_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "esrag-snapshots");

        For(folder, "/app/api").FilePath.ShouldBe(Path.Combine(folder, "tenant_a.idx"));
    }

    [Fact]
    public void Given_no_folder_then_snapshots_are_off()
    {
        For("", "/app/api").FilePath.ShouldBeNull();
    }

    private sealed class Environment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;
        public string ApplicationName { get; set; } = "esrag";
        public string ContentRootPath { get; set; } = contentRoot;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
