namespace EventSourcedRag.Learning.Expansion;

/// <summary>One learned association: users who asked with a word chose documents that use <see cref="Term"/>.</summary>
/// <param name="Term">The documents' word, analysed as the lexical index analyses it.</param>
/// <param name="Surface">The word as documents write it, for the text the dense encoder embeds.</param>
/// <param name="Confidence">Share of the users who asked with the query word whose chosen documents hold the word: the expansion's weight.</param>
/// <param name="Lift">How many times more often the word is in those documents than in documents at large.</param>
/// <param name="Users">Distinct users whose choices hold the word.</param>
public sealed record TermExpansion(string Term, string Surface, double Confidence, double Lift, int Users);
