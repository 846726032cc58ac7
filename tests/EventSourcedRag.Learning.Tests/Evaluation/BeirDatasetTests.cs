using EventSourcedRag.Learning.Evaluation;

namespace EventSourcedRag.Learning.Tests.Evaluation;

public class BeirDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("beir-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Loads_the_corpus_and_only_the_queries_judged_in_the_split()
    {
        File.WriteAllText(Path.Combine(_dir, "corpus.jsonl"), "{\"_id\": \"d1\", \"title\": \"T\", \"text\": \"x\"}\n{\"_id\": \"d2\", \"text\": \"y\", \"metadata\": {}}\n");
        File.WriteAllText(Path.Combine(_dir, "queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"first\"}\n{\"_id\": \"q2\", \"text\": \"unjudged\"}\n");
        Directory.CreateDirectory(Path.Combine(_dir, "qrels"));
        File.WriteAllText(Path.Combine(_dir, "qrels", "test.tsv"), "query-id\tcorpus-id\tscore\nq1\td2\t2\nq1\td1\t0\n");

        var data = BeirDataset.Load(_dir, "test");
        data.Corpus.Select(d => (d.Id, d.Title)).ShouldBe([("d1", "T"), ("d2", "")]);
        data.Queries.Select(q => q.Id).ShouldBe(["q1"]);
        data.Qrels["q1"]["d2"].ShouldBe(2);
        data.Qrels["q1"]["d1"].ShouldBe(0);
    }

    [Fact]
    public void A_malformed_qrels_line_is_reported_with_its_place()
    {
        File.WriteAllText(Path.Combine(_dir, "corpus.jsonl"), "");
        File.WriteAllText(Path.Combine(_dir, "queries.jsonl"), "");
        Directory.CreateDirectory(Path.Combine(_dir, "qrels"));
        File.WriteAllText(Path.Combine(_dir, "qrels", "test.tsv"), "query-id\tcorpus-id\tscore\nq1 d2 one\n");
        Should.Throw<InvalidDataException>(() => BeirDataset.Load(_dir, "test")).Message.ShouldContain("test.tsv:2");
    }

    [Fact]
    public void A_missing_split_names_the_missing_file() =>
        Should.Throw<FileNotFoundException>(() => BeirDataset.Load(_dir, "dev")).Message.ShouldContain("dev.tsv");
}
