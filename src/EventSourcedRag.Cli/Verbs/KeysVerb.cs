using System.CommandLine;
using System.Text.Json;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Access;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EventSourcedRag.Cli.Verbs;

/// <summary>
/// API keys from the operator's shell: how the first admin key of a tenant comes to exist. The CLI talks to the
/// database directly, so whoever runs it already holds the keys to everything; the events still name them.
/// </summary>
public static class KeysVerb
{
    public static Command Create()
    {
        var tenant = new Option<string>("--tenant") { Description = "Tenant the key is bound to", DefaultValueFactory = _ => "default" };
        var name = new Option<string>("--name") { Description = "Who or what uses the key", Required = true };
        var roles = new Option<string[]>("--role") { Description = $"A role ({string.Join(", ", Roles.All)}); repeat for several", Required = true, AllowMultipleArgumentsPerToken = true };
        var expires = new Option<DateTimeOffset?>("--expires") { Description = "Expiry (ISO-8601); default never" };
        var json = CliJson.Option();

        var create = new Command("create", "Issue a key; the token is printed once and never stored.\nExample: esrag keys create --tenant acme --name ops --role admin")
            { tenant, name, roles, expires, json };
        create.SetAction((parse, ct) => WithKeysAsync(async (keys, ct2) =>
        {
            var t = parse.GetValue(tenant)!;
            var issued = await keys.CreateAsync(t, parse.GetValue(name)!, parse.GetValue(roles)!, parse.GetValue(expires), Metadata(t), ct2);
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new { key_id = issued.Key.KeyId, tenant = t, roles = issued.Key.Roles, token = issued.Token }));
            else
            {
                AnsiConsole.MarkupLine(Markup.Escape($"Key {issued.Key.KeyId} for tenant {t} ({string.Join(", ", issued.Key.Roles)})."));
                AnsiConsole.MarkupLine("Token (shown once; send it as Authorization: Bearer <token>):");
                Console.WriteLine(issued.Token);
            }
        }, ct));

        var list = new Command("list", "Keys of a tenant: id, name, roles, created, expiry, revocation (never the secrets).\nExample: esrag keys list --tenant acme --json") { tenant, json };
        list.SetAction((parse, ct) => WithKeysAsync(async (keys, ct2) =>
        {
            var all = await keys.ListAsync(parse.GetValue(tenant)!, ct2);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(all.Select(k => new { key_id = k.KeyId, name = k.Name, roles = k.Roles, created_at = k.CreatedAt, expires_at = k.ExpiresAt, revoked_at = k.RevokedAt })));
                return;
            }
            var table = new Table().AddColumns("key", "name", "roles", "created", "expires", "revoked");
            foreach (var k in all)
                table.AddRow(Markup.Escape(k.KeyId.ToString()), Markup.Escape(k.Name), Markup.Escape(string.Join(",", k.Roles)), k.CreatedAt.ToString("u"),
                    k.ExpiresAt?.ToString("u") ?? "-", k.RevokedAt?.ToString("u") ?? "-");
            AnsiConsole.Write(table);
        }, ct));

        var keyId = new Argument<Guid>("key-id") { Description = "The key to revoke" };
        var reason = new Option<string>("--reason") { Description = "Why, for the audit trail", Required = true };
        var revoke = new Command("revoke", "Revoke a key: it stops authenticating within seconds on every replica.\nExample: esrag keys revoke 0192… --reason \"laptop lost\"")
            { keyId, reason, tenant };
        revoke.SetAction((parse, ct) => WithKeysAsync(async (keys, ct2) =>
        {
            await keys.RevokeAsync(parse.GetValue(keyId), parse.GetValue(reason)!, Metadata(parse.GetValue(tenant)!), ct2);
            AnsiConsole.MarkupLine(Markup.Escape($"Key {parse.GetValue(keyId)} revoked."));
        }, ct));

        return new Command("keys", "Issue, list and revoke API keys.") { create, list, revoke };
    }

    private static EventMetadata Metadata(string tenant) => new(tenant, $"cli:{Environment.UserName}", $"cli-keys-{Guid.NewGuid():N}");

    private static async Task<int> WithKeysAsync(Func<ApiKeys, CancellationToken, Task> action, CancellationToken ct)
    {
        using var host = await CliHost.StartAsync(HostRoles.None, null, ct);
        await action(host.Services.GetRequiredService<ApiKeys>(), ct);
        await host.StopAsync(ct);
        return 0;
    }
}
