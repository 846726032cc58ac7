namespace EventSourcedRag.Learning.Expansion;

/// <summary>An expansion as applied to one query: from which of its words, to which, with what weight.</summary>
public sealed record AppliedTermExpansion(string From, string Term, string Surface, double Weight);
