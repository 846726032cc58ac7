using System.Text.Json;
using EventSourcedRag.Domain;
using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Learning.Experiments;
using EventSourcedRag.Learning.Statistics;
using EventSourcedRag.Projections.Experiments;
using EventSourcedRag.Projections.Models;
using EventSourcedRag.Projections.ReadModels;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Experiments;

/// <param name="Preview">What the evaluator would decide for the current stage now; null once the experiment has ended.</param>
public sealed record ExperimentStatus(ExperimentEntry Entry, IReadOnlyList<StageArms> Stages, RolloutDecision? Preview);
