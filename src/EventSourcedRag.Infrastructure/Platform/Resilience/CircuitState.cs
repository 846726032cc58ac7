namespace EventSourcedRag.Infrastructure.Platform.Resilience;

public enum CircuitState { Closed, Open, HalfOpen }
