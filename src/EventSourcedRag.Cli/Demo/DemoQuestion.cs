namespace EventSourcedRag.Cli.Demo;

/// <summary>One line of samples/handbook-questions.jsonl: a question and the files that answer it.</summary>
public sealed record DemoQuestion(string Question, IReadOnlyList<string> Relevant);
