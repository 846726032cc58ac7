using System.CommandLine;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Infrastructure.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EventSourcedRag.Cli.Verbs;

/// <summary>Erasure requests from the operator's shell: the same erasure as <c>DELETE /v1/subjects/{id}</c>.</summary>
public static class SubjectsVerb
{
    public static Command Create()
    {
        var userId = new Argument<string>("user-id") { Description = "The user id the app sends as X-User-Id" };
        var tenant = new Option<string>("--tenant") { Description = "Tenant", DefaultValueFactory = _ => "default" };
        var reason = new Option<string>("--reason") { Description = "The request reference, for the audit trail", Required = true };
        var json = CliJson.Option();

        var erase = new Command("erase", "Erase a data subject: destroy their key, record it, flag models trained on their data, rebuild read models without them.\n" +
                                         "Example: esrag subjects erase alice@example.com --reason REQ-117") { userId, tenant, reason, json };
        erase.SetAction(async (parse, ct) =>
        {
            using var host = await CliHost.StartAsync(HostRoles.None, null, ct);
            var t = parse.GetValue(tenant)!;
            var report = await host.Services.GetRequiredService<SubjectErasure>().EraseUserAsync(t, parse.GetValue(userId)!, parse.GetValue(reason)!,
                new EventMetadata(t, $"cli:{Environment.UserName}", $"cli-erasure-{Guid.NewGuid():N}"), ct);
            await host.StopAsync(ct);
            if (parse.GetValue(json)) CliJson.Print(report);
            else
                AnsiConsole.MarkupLine(Markup.Escape($"{report.Subject}: {(report.AlreadyErased ? "already erased" : "erased")}; {report.EventsOfSubject} events unreadable, " +
                                                     $"{report.ModelsFlagged.Count} models flagged for retraining; " +
                                                     (report.ReadModelsPending ? "the worker now rebuilds the read models without them." : "no read model held anything of theirs.")));
            return 0;
        });
        var rewrap = new Command("rewrap-keys", "Wrap every subject key with the new master key (Privacy:SubjectKeyMasterKey) that is still wrapped with the previous one\n" +
                                                "(Privacy:PreviousSubjectKeyMasterKey), recording SubjectKeysRewrapped; then remove the previous key and destroy it.\n" +
                                                "Example: Privacy__PreviousSubjectKeyMasterKey=OLD Privacy__SubjectKeyMasterKey=NEW esrag subjects rewrap-keys");
        rewrap.SetAction(async (parse, ct) =>
        {
            using var host = await CliHost.StartAsync(HostRoles.None, null, ct);
            var recorded = await host.Services.GetRequiredService<MasterKeyRotation>().RewrapAsync(
                new EventMetadata("default", $"cli:{Environment.UserName}", $"cli-rewrap-{Guid.NewGuid():N}"), ct);
            await host.StopAsync(ct);
            AnsiConsole.MarkupLine(Markup.Escape(recorded is null ? "Every subject key is wrapped with the configured master key already; nothing recorded."
                : $"Recorded: {recorded.KeysRewrapped} subject keys wrapped again, master key {recorded.PreviousMasterKeyId} → {recorded.NewMasterKeyId}. Remove Privacy:PreviousSubjectKeyMasterKey and destroy it."));
            return 0;
        });
        return new Command("subjects", "Data subjects: erasure, master-key rotation.") { erase, rewrap };
    }
}
