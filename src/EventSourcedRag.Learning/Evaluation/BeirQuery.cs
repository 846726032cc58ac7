namespace EventSourcedRag.Learning.Evaluation;

public sealed record BeirQuery(string Id, string Text);
