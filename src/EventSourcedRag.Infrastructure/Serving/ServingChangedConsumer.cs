using MassTransit;

namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>Each API replica's subscription: catch up with the log now.</summary>
public sealed class ServingChangedConsumer(ServingStateFeeder feeder) : IConsumer<ServingChanged>
{
    public async Task Consume(ConsumeContext<ServingChanged> context) => await feeder.CatchUpAsync(context.CancellationToken);
}
