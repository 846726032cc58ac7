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

/// <summary>Both arms of an experiment at one stage.</summary>
public sealed record StageArms(int Stage, double TreatmentShare, ArmSummary Control, ArmSummary Treatment);
