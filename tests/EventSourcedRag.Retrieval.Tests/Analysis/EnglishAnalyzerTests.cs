using EventSourcedRag.Retrieval.Analysis;

namespace EventSourcedRag.Retrieval.Tests.Analysis;

public class EnglishAnalyzerTests
{
    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("cats", "cat")]
    [InlineData("agreed", "agre")]
    [InlineData("plastered", "plaster")]
    [InlineData("motoring", "motor")]
    [InlineData("hopping", "hop")]
    [InlineData("filing", "file")]
    [InlineData("happy", "happi")]
    [InlineData("relational", "relat")]
    [InlineData("conditional", "condit")]
    [InlineData("generalization", "gener")]
    [InlineData("hopefulness", "hope")]
    [InlineData("electrical", "electr")]
    [InlineData("adjustment", "adjust")]
    [InlineData("controlling", "control")]
    [InlineData("rolling", "roll")]
    [InlineData("retrieval", "retriev")]
    [InlineData("vacation", "vacat")]
    [InlineData("sky", "sky")]
    public void Porter_stems_match_the_reference_vocabulary(string word, string stem) =>
        PorterStemmer.Stem(word).ShouldBe(stem);

    [Fact]
    public void Analysis_lowercases_folds_accents_drops_stop_words_and_possessives()
    {
        var terms = new EnglishAnalyzer().Analyze("The Café's RÉSUMÉ policies, and the employee's 27 days!");
        terms.ShouldBe(["cafe", "resum", "polici", "employe", "27", "dai"]);
    }

    [Fact]
    public void Tokenization_keeps_contractions_and_splits_on_punctuation() =>
        EnglishAnalyzer.Tokenize("don't stop-words e-mail").ShouldBe(["don't", "stop", "words", "e", "mail"]);

    [Fact]
    public void Query_normalization_collapses_whitespace_and_case() =>
        QueryNormalizer.Normalize("  How  MANY\tvacation\ndays？ ").ShouldBe("how many vacation days?");
}
