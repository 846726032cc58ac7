namespace EventSourcedRag.Domain.Models;

public enum TrainingStatus { None, Requested, Running, Completed, Failed, Cancelled }
