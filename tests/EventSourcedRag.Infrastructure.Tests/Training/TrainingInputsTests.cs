using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EventSourcedRag.Infrastructure.Training;
using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Infrastructure.Tests.Training;

/// <summary>What the learners share: the examples the dense kinds learn from, and the address of a training run's inputs.</summary>
public class TrainingInputsTests
{
    private static readonly Guid Response = Guid.Parse("11111111-1111-1111-1111-111111111111");
    private static readonly Guid Chosen = Guid.Parse("22222222-2222-2222-2222-222222222222");
    private static readonly Guid Deleted = Guid.Parse("33333333-3333-3333-3333-333333333333");
    private static readonly Guid Passed = Guid.Parse("44444444-4444-4444-4444-444444444444");

    private static AdapterQuery Query(Guid response, string text) =>
        new(response, text, text, 7, new Dictionary<Guid, double> { [Chosen] = 0.5, [Deleted] = 1.25 }, [Passed, Deleted], "u:ab");

    [Fact]
    public void The_fingerprint_is_sha256_over_the_header_and_one_tab_separated_line_per_response()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE"); // a comma decimal separator must not reach the address
        try
        {
            var fingerprint = InputsFingerprint.Of("kind=k\nheld_out=1\n", [Query(Response, "refund policy")],
                q => [q.ResponseId.ToString("N"), q.User, q.Query, InputsFingerprint.Positives(q), InputsFingerprint.Negatives(q)]);

            var text = "kind=k\nheld_out=1\n"
                       + $"{Response:N}\tu:ab\trefund policy\t{Chosen:N}:0.5 {Deleted:N}:1.25\t{Passed:N} {Deleted:N}\n";
            fingerprint.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Examples_are_the_chosen_chunks_that_still_have_vectors_of_responses_whose_query_has_one()
    {
        var unknown = Guid.Parse("55555555-5555-5555-5555-555555555555");
        var vectors = new DenseVectors("enc", [[1f, 0f], null], new Dictionary<Guid, float[]> { [Chosen] = [0f, 1f], [Passed] = [1f, 1f] });

        var examples = ChosenVectors.Examples([Query(Response, "refund"), Query(unknown, "zzz")], vectors,
            (q, query, chunk, chosen, negatives, weight) => (q.ResponseId, query, chunk, chosen, negatives, weight));

        var only = examples.ShouldHaveSingleItem(); // the second query has no vector; the deleted chunk has none either
        only.ResponseId.ShouldBe(Response);
        only.query.ShouldBe([1f, 0f]);
        only.chunk.ShouldBe(Chosen);
        only.chosen.ShouldBe([0f, 1f]);
        only.negatives.ShouldHaveSingleItem().ShouldBe([1f, 1f]);
        only.weight.ShouldBe(0.5);
    }
}
