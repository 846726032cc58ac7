using System.Security.Cryptography;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Api.Tests.Hosting;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedRag.Api.Tests.Audit;

/// <summary>The worker chains only when a test asks, so the test decides which key signs which checkpoint.</summary>
public sealed class KeyRotationFixture : ApiFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Audit:ChainInterval"] = "01:00:00" };
}

/// <summary>Issue 24, defect 1: the signing key and the master key can be replaced, each rotation recorded, and nothing already stored stops verifying or opening.</summary>
public class KeyRotationTests(KeyRotationFixture api) : IClassFixture<KeyRotationFixture>
{
    private static readonly EventMetadata Operator = new("default", "cli:operator", "key-rotation-test");

    [Fact]
    public async Task Checkpoints_signed_before_a_key_rotation_still_verify_with_the_new_key_configured_and_an_unvouched_key_trusts_none_of_them()
    {
        await api.IngestTextAsync("Keys", "Keys are rotated once a year.");
        await api.Services<AuditChainWriter>().CatchUpAsync(default);
        var newKey = StartupSecretsTests.FreshSecrets()["Audit:CheckpointKeyPem"];

        var rotated = await api.Services<CheckpointKeys>().RotateAsync(newKey, Operator, default);
        rotated.ShouldNotBeNull();
        (await api.Services<CheckpointKeys>().RotateAsync(newKey, Operator, default)).ShouldBeNull(); // a retry records nothing
        (await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_events where type = 'checkpoint_key_rotated'")).ShouldBe(1);

        await using (var rotatedHost = Host(new() { ["Audit:CheckpointKeyPem"] = newKey }))
        {
            await api.IngestTextAsync("Badges", "Badges are renewed at the front desk.");
            var chain = Service<AuditChain>(rotatedHost);
            await chain.ExtendAsync(await api.CountEventsAsync() + 1_000, default);
            (await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.audit_checkpoints where key_id = '{rotated.NewKeyId}'")).ShouldBeGreaterThan(0);
            (await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.audit_checkpoints where key_id is distinct from '{rotated.NewKeyId}'")).ShouldBeGreaterThan(0);
            var report = await chain.VerifyAsync(default);
            report.Intact.ShouldBeTrue(report.Problem?.Detail);
        }

        // A key no rotation vouches for, even with a rotation forged into the log naming it, trusts no checkpoint signed before.
        var stranger = StartupSecretsTests.FreshSecrets()["Audit:CheckpointKeyPem"];
        using var strangerKey = ECDsa.Create();
        strangerKey.ImportFromPem(stranger);
        await using var sessionHost = api.Services<EventSessions>().OpenWrite(Operator);
        sessionHost.Events.Append(CheckpointKeys.CustodyStream, new Domain.Access.CheckpointKeyRotated(rotated.NewKeyId, rotated.NewPublicKeyPem,
            CheckpointKeys.KeyId(strangerKey), strangerKey.ExportSubjectPublicKeyInfoPem(), Convert.ToBase64String(new byte[64]), DateTimeOffset.UtcNow));
        await sessionHost.SaveChangesAsync();
        await using var strangerHost = Host(new() { ["Audit:CheckpointKeyPem"] = stranger });
        (await Service<AuditChain>(strangerHost).VerifyAsync(default)).Problem!.Kind.ShouldBe("checkpoint_invalid");
    }

    [Fact]
    public async Task Subject_keys_are_wrapped_again_with_a_new_master_key_recorded_once_and_an_erased_key_stays_erased()
    {
        var key = await api.Services<SubjectKeys>().KeyForSealingAsync("default", "u:rotation-alice", default);
        await api.Services<SubjectKeys>().DestroyAsync("default", "u:rotation-bob", default);
        var newMaster = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var oldMaster = api.Services<Microsoft.Extensions.Options.IOptions<Infrastructure.Privacy.PrivacyOptions>>().Value.SubjectKeyMasterKey;

        await using (var rotating = Host(new() { ["Privacy:SubjectKeyMasterKey"] = newMaster, ["Privacy:PreviousSubjectKeyMasterKey"] = oldMaster }))
        {
            var recorded = await Service<MasterKeyRotation>(rotating).RewrapAsync(Operator, default);
            recorded.ShouldNotBeNull();
            recorded.KeysRewrapped.ShouldBeGreaterThanOrEqualTo(1);
            recorded.NewMasterKeyId.ShouldBe(SubjectKeys.IdOf(Convert.FromBase64String(newMaster)));
            (await Service<MasterKeyRotation>(rotating).RewrapAsync(Operator, default)).ShouldBeNull(); // nothing left under the old key
        }

        // Only the new master key configured: the key opens; the old master key opens nothing any more.
        await using var rotated = Host(new() { ["Privacy:SubjectKeyMasterKey"] = newMaster });
        var opened = await Service<SubjectKeys>(rotated).KeysAsync([("default", "u:rotation-alice"), ("default", "u:rotation-bob")], default);
        opened[("default", "u:rotation-alice")].ShouldBe(key);
        opened[("default", "u:rotation-bob")].ShouldBeNull();
        var wrapped = (byte[])(await TestDatabase.RowsAsync($"select wrapped_key from {api.Schema}.subject_keys where subject = 'u:rotation-alice'"))[0][0]!;
        Sealing.Decrypt(Convert.FromBase64String(oldMaster), wrapped).ShouldBeNull();
        (await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_events where type = 'subject_keys_rewrapped'")).ShouldBe(1);
    }

    /// <summary>Another host on the same schema with other keys, without the worker.</summary>
    private WebApplicationFactory<Program> Host(Dictionary<string, string> settings)
    {
        settings["Hosting:Roles"] = "Api";
        settings["Messaging:BroadcastServing"] = "false";
        return api.CreateHost(settings);
    }

    private static T Service<T>(WebApplicationFactory<Program> host) where T : notnull => host.Services.GetRequiredService<T>();
}
