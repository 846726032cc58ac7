using EventSourcedRag.Infrastructure.Platform.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace EventSourcedRag.Infrastructure.Platform.Messaging;

/// <summary>
/// Asks RabbitMQ directly (a short AMQP connection, passive queue declarations) whether it is up and how deep our
/// queues are. Readiness probes ask afresh; the queue-depth gauge is set by every reading, and hosts that use
/// messaging take one in the background every 15 s so a scrape never waits on the broker.
/// </summary>
public sealed class BrokerProbe : BackgroundService
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly MessagingOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<BrokerProbe> _logger;

    private readonly Telemetry _telemetry;

    public BrokerProbe(IOptions<MessagingOptions> options, TimeProvider clock, Telemetry telemetry, ILogger<BrokerProbe> logger) =>
        (_options, _clock, _telemetry, _logger) = (options.Value, clock, telemetry, logger);

    /// <summary>The queues whose depth is reported: work queues and the error queues poison messages end in.</summary>
    public IReadOnlyList<string> Queues =>
        [_options.IngestQueue, _options.IngestQueue + "_error", _options.EmbedQueueName, _options.EmbedQueueName + "_error",
         _options.TrainingQueueName, _options.TrainingQueueName + "_error"];

    public async Task<BrokerReading> ReadAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            var factory = new ConnectionFactory { Uri = new Uri(_options.ConnectionString), RequestedConnectionTimeout = Timeout, ClientProvidedName = "esrag-probe" };
            await using var connection = await factory.CreateConnectionAsync(timeout.Token);
            var depths = new Dictionary<string, long>();
            foreach (var queue in Queues)
            {
                // A passive declaration of a queue that does not exist (yet) closes the channel: one channel per queue.
                await using var channel = await connection.CreateChannelAsync(cancellationToken: timeout.Token);
                try { depths[queue] = (await channel.QueueDeclarePassiveAsync(queue, timeout.Token)).MessageCount; }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException) { /* not declared yet: nothing waits in it */ }
            }
            foreach (var (queue, messages) in depths) _telemetry.Depth(queue, messages);
            return new BrokerReading(true, depths, null, _clock.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new BrokerReading(false, new Dictionary<string, long>(), ex is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : ex.Message, _clock.GetUtcNow());
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var reading = await ReadAsync(stoppingToken);
            if (!reading.Reachable) _logger.LogWarning("RabbitMQ is unreachable: {Error}", reading.Error);
            try { await Task.Delay(TimeSpan.FromSeconds(15), _clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
