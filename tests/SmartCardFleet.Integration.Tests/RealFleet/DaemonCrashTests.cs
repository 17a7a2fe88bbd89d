using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Integration.Tests.RealFleet;

/// <summary>kill -9 of pcscd and a restart, as docs/test-fleet.md ("What the fleet does under faults") describes them,
/// seen through our binding (docs/pcsc-notes.md §7).</summary>
[Collection(RealFleetCollection.Name)]
public sealed class DaemonCrashTests(RealFleetFixture fixture)
{
    [Fact]
    public void After_kill_9_the_old_context_fails_as_service_gone_though_IsValidContext_still_says_success()
    {
        var fleet = fixture.Require();
        var api = fixture.Api;
        using var context = PcscContext.Establish(api);
        Assert.Equal(16, context.ListReaders().Count);

        fleet.Kill();

        // pcsc-lite checks only its client-side table (bluetech/pcsc-rust#21): do not trust it.
        Assert.True(context.IsValid());
        var ex = Assert.Throws<PcscException>(() => context.ListReaders());
        Assert.Contains(ex.Error, new[] { PcscError.NoService, PcscError.CommError });
        Assert.Equal(PcscErrorClass.ServiceGone, ex.Class);
        Assert.Equal(PcscError.NoService, api.EstablishContext(PcscScope.System, out _));

        fleet.Restart();

        using var fresh = PcscContext.Establish(api);
        Assert.Equal(16, fresh.ListReaders().Count);
        // The old context stays dead forever: it must be released and replaced.
        Assert.Equal(PcscErrorClass.ServiceGone, Assert.Throws<PcscException>(() => context.ListReaders()).Class);
    }
}
