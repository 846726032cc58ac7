using EventSourcedRag.Learning.Expansion;

namespace EventSourcedRag.Learning.Tests.Expansion;

/// <summary>
/// A help desk in miniature: users ask with their words ("cancellation", "pto", "bill", "login"), the documents use
/// others ("refund", "vacation", "invoice", "password"), and every document also says "policy" and "please".
/// </summary>
public class QueryExpansionTrainerTests
{
    private static readonly (string User, string Document)[] Topics =
        [("cancellation", "refund"), ("pto", "vacation"), ("bill", "invoice"), ("login", "password"), ("parcel", "shipment")];

    private static readonly QueryExpansionOptions Options = new();

    // Two chunks per topic, each with its topic's word, a word of its own, and the words every chunk has.
    private static readonly IReadOnlyList<ChosenChunk> Chunks =
        [.. Topics.SelectMany((t, i) => new[] { Chunk(t.Document, $"detail{i}a", "policy", "please"), Chunk(t.Document, $"detail{i}b", "policy", "please") })];

    private static ChosenChunk Chunk(params string[] words) => new(
        words.GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count()), words.Distinct().ToDictionary(w => w, w => w.ToUpperInvariant()), 1.0);

    private static int DocumentFrequency(string term) => Chunks.Count(c => c.Terms.ContainsKey(term));

    private static QueryExpansionModel Train(IEnumerable<ExpansionExample> examples, QueryExpansionOptions? options = null) =>
        new QueryExpansionTrainer(options ?? Options).Train([.. examples], DocumentFrequency, Chunks.Count);

    // Each user asks about each topic with the topic's user word and a filler word, and chooses one of its chunks
    // (alternating by user, so that only the topic's word is in every user's choice).
    private static IEnumerable<ExpansionExample> Honest(int users, double noise = 0, int seed = 1)
    {
        var random = new Random(seed);
        string[] fillers = ["how", "do", "i", "my", "get", "help"];
        for (var u = 0; u < users; u++)
            for (var t = 0; t < Topics.Length; t++)
            {
                var chosen = random.NextDouble() < noise ? Chunks[random.Next(Chunks.Count)] : Chunks[2 * t + u % 2];
                yield return new ExpansionExample($"user-{u}", [Topics[t].User, fillers[random.Next(fillers.Length)]], [chosen]);
            }
    }

    [Fact]
    public void Learns_the_documents_word_for_the_users_word()
    {
        var model = Train(Honest(users: 4));

        foreach (var (user, document) in Topics)
        {
            var expansions = model.Of(user);
            expansions.ShouldNotBeEmpty(user);
            expansions[0].Term.ShouldBe(document);
            expansions[0].Surface.ShouldBe(document.ToUpperInvariant()); // as the documents write it, for the dense query
            expansions[0].Users.ShouldBe(4);
        }
        // Words every chunk has are about nothing in particular.
        model.Of("cancellation").ShouldNotContain(e => e.Term == "policy" || e.Term == "please");
    }

    [Fact]
    public void One_user_however_many_clicks_teaches_nothing()
    {
        // A spammer asks about cancellation a hundred times and always chooses the password chunk.
        var spam = Enumerable.Repeat(new ExpansionExample("spammer", ["cancellation"], [Chunks[6]]), 100);

        Train(spam).Of("cancellation").ShouldBeEmpty();
        var model = Train(Honest(users: 3).Concat(spam));
        model.Of("cancellation")[0].Term.ShouldBe("refund");
        model.Of("cancellation").ShouldNotContain(e => e.Term == "password");
    }

    [Fact]
    public void Noisy_clicks_do_not_make_associations()
    {
        var model = Train(Honest(users: 20, noise: 0.3, seed: 5));

        foreach (var (user, document) in Topics)
        {
            model.Of(user)[0].Term.ShouldBe(document);
            // Where noise landed is spread over the other topics: none of their words is kept.
            model.Of(user).Select(e => e.Term).ShouldNotContain(t => Topics.Any(o => o.Document == t && o.Document != document));
        }
    }

    [Fact]
    public void A_learned_word_helps_a_question_whose_other_words_were_never_seen_with_it()
    {
        var model = Train(Honest(users: 3));

        // "cancellation" was only ever asked beside filler words; the documents never use it.
        var applied = model.Expand(["cancellation", "yesterday", "subscription"], inCorpus: _ => false);

        applied[0].ShouldBe(new AppliedTermExpansion("cancellation", "refund", "REFUND", model.Of("cancellation")[0].Confidence));
        applied.ShouldNotContain(e => e.From != "cancellation");
    }

    [Fact]
    public void An_expansion_of_a_word_the_documents_use_themselves_only_nudges()
    {
        var model = Train(Honest(users: 3));
        var confidence = model.Of("pto")[0].Confidence;

        model.Expand(["pto"], _ => false)[0].Weight.ShouldBe(confidence);
        model.Expand(["pto"], term => term == "pto")[0].Weight.ShouldBe(confidence * Options.KnownTermWeight, 1e-12);
        model.Expand(["pto", "vacation"], _ => false).ShouldNotContain(e => e.Term == "vacation"); // already asked
    }

    [Fact]
    public void Too_few_users_or_too_little_lift_keep_nothing()
    {
        Train(Honest(users: 1)).Terms.ShouldBe(0);
        Train(Honest(users: 4), Options with { MinLift = 100 }).Terms.ShouldBe(0);
    }

    [Fact]
    public void The_same_examples_give_the_same_bytes_in_any_order()
    {
        var examples = Honest(users: 6, noise: 0.2, seed: 3).ToList();
        var shuffled = examples.OrderBy(_ => Guid.NewGuid()).ToList();

        var bytes = Train(examples).ToBytes();

        Train(examples).ToBytes().ShouldBe(bytes);
        Train(shuffled).ToBytes().ShouldBe(bytes);
    }

    [Fact]
    public void The_artifact_round_trips_and_anything_else_is_refused()
    {
        var model = Train(Honest(users: 3));

        var read = QueryExpansionModel.FromBytes(model.ToBytes());

        read.ToBytes().ShouldBe(model.ToBytes());
        read.Expand(["bill"], _ => false).ShouldBe(model.Expand(["bill"], _ => false));
        Should.Throw<InvalidDataException>(() => QueryExpansionModel.FromBytes("not json"u8.ToArray()));
        Should.Throw<InvalidDataException>(() => QueryExpansionModel.FromBytes("""{"format":"esrag-query-adapter/1"}"""u8.ToArray()))
            .Message.ShouldContain(QueryExpansionModel.Format);
    }

    [Fact]
    public void Options_out_of_range_are_named()
    {
        new QueryExpansionOptions().Validate().ShouldBeEmpty();
        (Options with { MinUsers = 0, MinConfidence = 2 }).Validate().ShouldBe(
        [
            "Learning:QueryExpansion:MinUsers must be between 1 and 1000.",
            "Learning:QueryExpansion:MinConfidence must be in (0, 1].",
        ]);
    }
}
