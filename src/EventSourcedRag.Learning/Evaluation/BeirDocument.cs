namespace EventSourcedRag.Learning.Evaluation;

public sealed record BeirDocument(string Id, string Title, string Text);
