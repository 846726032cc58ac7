namespace EventSourcedRag.Infrastructure.Resilience;

public enum CircuitState { Closed, Open, HalfOpen }
