using System.Numerics.Tensors;
using EventSourcedRag.Learning.Steering;

namespace EventSourcedRag.Learning.Tests.Steering;

/// <summary>
/// Every topic has two documents that answer it equally well by its words, one written formally and one as a how-to.
/// Some users always choose the formal one, some the how-to: what their questions never say, and what a personal
/// direction can learn. Vectors are built from orthogonal axes (one per topic, one per style) plus seeded noise.
/// </summary>
public class PersonalSteeringTrainerTests
{
    private const int Topics = 12;
    private const int Dimensions = Topics + 2 + 8;
    private static readonly PersonalSteeringOptions Options = new();

    private static float[] Vector(int seed, params (int Axis, double Weight)[] parts)
    {
        var random = new Random(seed);
        var v = new float[Dimensions];
        for (var i = Topics + 2; i < Dimensions; i++) v[i] = (float)(random.NextDouble() - 0.5) * 0.3f;
        foreach (var (axis, weight) in parts) v[axis] += (float)weight;
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }

    private static float[] Document(int topic, int style) => Vector(1000 + topic * 2 + style, (topic, 1), (Topics + style, 0.6));

    private static float[] Question(int topic, int user) => Vector(5000 + topic * 100 + user, (topic, 1), (Topics, 0.05), (Topics + 1, 0.05));

    // User u of taste s asks about topics [0, asked) and chooses the document of style s (or alternates, without taste).
    private static IEnumerable<SteeringExample> Choices(int user, int? taste, int asked = 8) =>
        Enumerable.Range(0, asked).Select(topic =>
        {
            var style = taste ?? topic % 2;
            return new SteeringExample($"u:{user}", $"r-{user}-{topic}", Question(topic, user), $"d-{topic}-{style}", Document(topic, style),
                [Document(topic, 1 - style)], 1.0);
        });

    private static List<SteeringExample> WithTaste(int users) => [.. Enumerable.Range(0, users).SelectMany(u => Choices(u, u % 2))];

    [Fact]
    public void Learns_what_a_user_keeps_choosing_and_ranks_it_first_on_a_topic_they_never_asked_about()
    {
        var fit = new PersonalSteeringTrainer(Options).Train(WithTaste(6), "enc-1");

        fit.Model.Scale.ShouldBeGreaterThan(0);
        fit.LeaveOneOut[fit.Model.Scale].Mrr.ShouldBeGreaterThan(fit.LeaveOneOut[0].Mrr + 0.1);
        fit.LeaveOneOut[fit.Model.Scale].LogLikelihood.ShouldBeGreaterThan(fit.LeaveOneOut[0].LogLikelihood);
        fit.Users.ShouldBe(6);
        for (var user = 0; user < 6; user++)
        {
            var taste = user % 2;
            var steered = PersonalSteeringModel.Steer(Question(11, user), fit.Model.ScaledFor($"u:{user}")!);
            TensorPrimitives.Dot(steered, Document(11, taste)).ShouldBeGreaterThan(TensorPrimitives.Dot(steered, Document(11, 1 - taste)), $"user {user}");
        }
    }

    [Fact]
    public void A_user_with_too_little_evidence_gets_no_direction()
    {
        var examples = WithTaste(4).Concat(Choices(99, 0, asked: Options.MinEvidence - 1)).ToList();

        var model = new PersonalSteeringTrainer(Options).Train(examples, "enc-1").Model;

        model.Users.Keys.ShouldNotContain("u:99");
        model.ScaledFor("u:99").ShouldBeNull();
        model.Users.Count.ShouldBe(4);
    }

    [Fact]
    public void Where_users_have_no_taste_of_their_own_nobody_is_steered()
    {
        var examples = Enumerable.Range(0, 6).SelectMany(u => Choices(u, taste: null)).ToList();

        var fit = new PersonalSteeringTrainer(Options).Train(examples, "enc-1");

        fit.Model.Scale.ShouldBe(0);
        fit.Model.ScaledFor("u:0").ShouldBeNull();
    }

    [Fact]
    public void Nobody_with_enough_evidence_is_refused_with_the_reason()
    {
        var error = Should.Throw<InvalidOperationException>(() => new PersonalSteeringTrainer(Options).Train([.. Choices(1, 0, asked: 3)], "enc-1"));
        error.Message.ShouldContain("at least 5 responses");
    }

    [Fact]
    public void The_same_choices_in_any_order_give_the_same_bytes()
    {
        var examples = WithTaste(6);
        var random = new Random(3);
        var shuffled = examples.OrderBy(_ => random.Next()).ToList();

        var first = new PersonalSteeringTrainer(Options).Train(examples, "enc-1").Model.ToBytes();
        var again = new PersonalSteeringTrainer(Options).Train(shuffled, "enc-1").Model.ToBytes();

        again.ShouldBe(first);
    }

    [Fact]
    public void Directions_travel_through_protect_and_reveal_and_an_unreadable_one_leaves_its_user_out()
    {
        var model = new PersonalSteeringTrainer(Options).Train(WithTaste(4), "enc-1").Model;
        var bytes = model.ToBytes((user, raw) => user + "|" + Convert.ToBase64String(raw));

        var opened = PersonalSteeringModel.FromBytes(bytes, (user, stored) => user == "u:1" ? null : Convert.FromBase64String(stored[(user.Length + 1)..]));

        opened.Users.Keys.ShouldBe(["u:0", "u:2", "u:3"]);
        opened.Users["u:0"].Direction.ShouldBe(model.Users["u:0"].Direction);
        (opened.Encoder, opened.Scale, opened.Dimensions).ShouldBe((model.Encoder, model.Scale, model.Dimensions));
        Should.Throw<InvalidDataException>(() => PersonalSteeringModel.FromBytes("{\"format\":\"other/1\"}"u8.ToArray()));
    }
}
