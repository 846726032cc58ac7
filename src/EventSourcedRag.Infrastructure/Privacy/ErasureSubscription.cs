using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Infrastructure.Privacy;

/// <summary>
/// The erasure job: for each stored <see cref="SubjectErased"/>, in the worker and not in the request, every read
/// model (the live target and every other target, each at its own as-of point) is folded again from the log, which
/// leaves the subject's events out. A subject who left no events in their tenant costs nothing. The daemon records
/// how far it got only after the rebuild, so a worker that dies half-way does it again on restart.
/// </summary>
public sealed class ErasureSubscription : SubscriptionBase
{
    public const string SubscriptionName = "erasure";
    private readonly IServiceProvider _services;
    private readonly TimeProvider _clock;
    private readonly ILogger<ErasureSubscription> _logger;

    /// <remarks>
    /// Takes the service provider, not the erasure and rebuilder themselves: they need the document store, which is
    /// being built with this subscription, so they are resolved when the first page arrives.
    /// </remarks>
    public ErasureSubscription(IServiceProvider services, TimeProvider clock, ILogger<ErasureSubscription> logger)
    {
        (_services, _clock, _logger) = (services, clock, logger);
        Name = SubscriptionName;
        IncludeType<SubjectErased>();
        // Erasures stored before this job existed were rebuilt inside their request.
        Options.SubscribeFromPresent();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var erasure = _services.GetRequiredService<SubjectErasure>();
        var withEvents = new List<(string Tenant, string Subject)>();
        foreach (var e in page.Events)
            if (e.Data is SubjectErased erased && await erasure.EventsOfSubjectAsync(e.TenantId, erased.SubjectHash, cancellationToken) > 0)
                withEvents.Add((e.TenantId, erased.SubjectHash));
        if (withEvents.Count == 0) return NullChangeListener.Instance;

        _services.GetRequiredService<SubjectKeys>().ForgetErased(); // the erasure may have been made by another process
        // One rebuild for the whole page: the log reader leaves every erased subject out at once.
        var rebuilt = await _services.GetRequiredService<ReadModelRebuilder>().RebuildAllAsync($"erasure-{_clock.GetUtcNow().ToUnixTimeMilliseconds()}", cancellationToken);
        _logger.LogInformation("Erasure of {Subjects} subject(s) in {Tenants}: {ReadModels} read models rebuilt without them", withEvents.Count,
            string.Join(", ", withEvents.Select(w => w.Tenant).Distinct()), rebuilt.Count);
        return NullChangeListener.Instance;
    }
}
