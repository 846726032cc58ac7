namespace EventSourcedRag.Learning.Steering;

/// <summary>
/// How a steering strength ranked the users' own choices, each scored with a direction learned without it: the
/// weighted mean log-likelihood of the choice (softmax over cosines, temperature 0.05) and its mean reciprocal rank.
/// </summary>
public sealed record LeaveOneOut(double LogLikelihood, double Mrr);
