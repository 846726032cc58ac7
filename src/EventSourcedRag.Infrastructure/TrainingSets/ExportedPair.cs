using EventSourcedRag.Projections.Feedback;
using EventSourcedRag.Projections.Training;

namespace EventSourcedRag.Infrastructure.TrainingSets;

/// <summary>One exported pair: flat, with its confidence and the propensities it was computed with (ids as strings, for any reader).</summary>
public sealed class ExportedPair
{
    public const int SchemaVersion = 1;

    public string Tenant { get; set; } = "";
    public string ResponseId { get; set; } = "";
    public string Query { get; set; } = "";
    public string NormalizedQuery { get; set; } = "";
    public string PositiveChunk { get; set; } = "";
    public string? PositiveDocument { get; set; }
    public int? PositivePosition { get; set; }
    public List<string> PositiveSignals { get; set; } = [];
    public double PositiveWeight { get; set; }
    public double? PositivePropensity { get; set; }
    public string NegativeChunk { get; set; } = "";
    public string? NegativeDocument { get; set; }
    public int? NegativePosition { get; set; }
    public List<string> NegativeSignals { get; set; } = [];
    public double NegativeWeight { get; set; }
    public double? NegativePropensity { get; set; }
    public double Confidence { get; set; }
    public List<string> Provenance { get; set; } = [];
    public long FirstSequence { get; set; }
    public long LastSequence { get; set; }

    public static ExportedPair From(TrainingPair p, IReadOnlyList<double> propensities) => new()
    {
        Tenant = p.Tenant, ResponseId = p.ResponseId.ToString(), Query = p.Query, NormalizedQuery = p.NormalizedQuery,
        PositiveChunk = p.PositiveChunk.ToString(), PositiveDocument = p.PositiveDocument?.ToString(), PositivePosition = p.PositivePosition,
        PositiveSignals = p.PositiveSignals.Select(s => s.Name()).ToList(), PositiveWeight = p.PositiveWeight, PositivePropensity = Propensity(p.PositivePosition, propensities),
        NegativeChunk = p.NegativeChunk.ToString(), NegativeDocument = p.NegativeDocument?.ToString(), NegativePosition = p.NegativePosition,
        NegativeSignals = p.NegativeSignals.Select(s => s.Name()).ToList(), NegativeWeight = p.NegativeWeight, NegativePropensity = Propensity(p.NegativePosition, propensities),
        Confidence = Math.Round(p.Confidence(propensities), 9),
        Provenance = p.Provenance.Select(id => id.ToString()).ToList(), FirstSequence = p.FirstSequence, LastSequence = p.LastSequence,
    };

    private static double? Propensity(int? position, IReadOnlyList<double> propensities) =>
        position is { } k ? Math.Round(PositionPropensities.At(propensities, k), 9) : null;
}
