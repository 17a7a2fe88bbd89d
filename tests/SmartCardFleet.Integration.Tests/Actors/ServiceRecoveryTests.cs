using System.Diagnostics;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Integration.Tests.Actors.Support;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Actors;

/// <summary>
/// pcscd killed with -9 and started again under a running station (docs/pcsc-notes.md §7). The cards stay "in their
/// readers" (KeepInserted) the way physical cards do. These tests stop the one daemon, so they run in the real-fleet
/// collection, which never runs in parallel with anything.
/// </summary>
[Collection(RealFleetCollection.Name)]
public sealed class ServiceRecoveryTests(RealFleetFixture fixture, ITestOutputHelper output) : StationSpec(fixture, output)
{
    private static readonly byte[] GetUid = [0xFF, 0xCA, 0x00, 0x00, 0x00];
    private static readonly byte[] SharedUid = [0x08, 0x01, 0x02, 0x03];
    private static readonly byte[] ExclusiveUid = [0x09, 0x01, 0x02, 0x03];

    /// <summary>Retries to watch while pcscd is down: at the test backoff (200 ms doubling to 1 s) about 1.5 s.</summary>
    private const int RetriesWatched = 4;

    [Fact]
    public async Task When_pcscd_dies_every_reader_is_unavailable_contexts_are_released_retries_back_off_and_all_returns_with_the_daemon()
    {
        var settings = TestSettings;
        var manager = StartStation(settings);
        var shared = IdOf(8);
        var exclusive = IdOf(9);
        await using var sharedCard = await InsertAsync(8, new StorageCard(SharedUid), keepInserted: true);
        await using var exclusiveCard = await InsertAsync(9, new StorageCard(ExclusiveUid), keepInserted: true);
        ExpectEvent<CardAttached>(shared);
        ExpectEvent<CardAttached>(exclusive);
        Request<Detached>(manager, exclusive, new Detach());
        Assert.Equal(ShareMode.Exclusive, Request<Attached>(manager, exclusive, new Attach(ShareMode.Exclusive)).ShareMode);
        var restored = CreateTestProbe();
        Sys.EventStream.Subscribe(restored.Ref, typeof(ServiceRestored));

        Fleet.Kill();

        ExpectEvent<ServiceLost>();
        foreach (var reader in Fleet.Layout.Readers.Select(r => ReaderId.FromReaderName(r.ReaderName)))
        {
            var failure = Assert.IsType<ReaderFailure>(RequestAny(manager, reader, GetStatus.Instance));
            Assert.Equal(ReaderFailureReason.ServiceUnavailable, failure.Reason);
        }

        AwaitCondition(() => Pcsc.OpenContexts == 0 && Pcsc.OpenHandles == 0, Wait,
            "every context and card handle released after the service was lost");
        var attemptsBefore = Pcsc.EstablishAttempts;
        var clock = Stopwatch.StartNew();
        AwaitCondition(() => Pcsc.EstablishAttempts - attemptsBefore >= RetriesWatched, Wait, TimeSpan.FromMilliseconds(10),
            "the station to keep trying to establish a context while pcscd is down");
        // Attempts first, then the time they took: a slow machine only makes the window longer and the bound looser,
        // while retries that do not back off exceed it at once (4 attempts need at least 200 + 400 + 800 ms).
        var attempts = Pcsc.EstablishAttempts - attemptsBefore;
        var window = clock.Elapsed;
        Assert.InRange(attempts, RetriesWatched, BackoffBounds.MaxAttemptsWithin(settings.ServiceRecovery, window));
        Assert.False(restored.HasMessages, "ServiceRestored while pcscd was down");

        Fleet.Restart();

        Assert.True(ExpectEvent<ServiceRestored>().Attempts >= 1);
        // Auto-attach may take the exclusive card shared first, if it is back before the manager's re-attach arrives;
        // the reader then attaches it again the way it was.
        var reattached = ExpectReadersAdded(
            e => e is CardAttached a && a.ReaderId == shared,
            e => e is CardAttached a && a.ReaderId == exclusive && a.ShareMode == ShareMode.Exclusive).Cast<CardAttached>().ToList();
        Assert.Equal(ShareMode.Shared, reattached[0].ShareMode);
        Assert.Equal(ShareMode.Exclusive, Request<ReaderSnapshot>(manager, exclusive, GetStatus.Instance).ShareMode);
        Assert.Equal(SharedUid, Request<Transmitted>(manager, shared, new Transmit(GetUid)).Data);
        Assert.Equal(ExclusiveUid, Request<Transmitted>(manager, exclusive, new Transmit(GetUid)).Data);
        AwaitCondition(() => Pcsc.OpenContexts == 17 && Pcsc.OpenHandles == 2, Wait,
            "one context per reader plus the monitor's, and the two card handles");
    }

    [Fact]
    public async Task Without_auto_attach_only_the_card_that_was_attached_is_attached_again_after_the_daemon_returns()
    {
        var manager = StartStation(TestSettings with { Reader = TestSettings.Reader with { AutoAttach = false } });
        var attached = IdOf(10);
        var present = IdOf(11);
        await using var attachedCard = await InsertAsync(10, new StorageCard(SharedUid), keepInserted: true);
        await using var presentCard = await InsertAsync(11, new StorageCard(ExclusiveUid), keepInserted: true);
        ExpectEvent<CardInserted>(attached);
        Request<Attached>(manager, attached, new Attach());

        Fleet.Kill();
        ExpectEvent<ServiceLost>();
        Fleet.Restart();
        ExpectEvent<ServiceRestored>();

        ExpectReadersAdded(e => e is CardAttached a && a.ReaderId == attached);
        Assert.Equal(SharedUid, Request<Transmitted>(manager, attached, new Transmit(GetUid)).Data);
        AwaitAssert(() => Assert.Equal(ReaderState.CardPresent, Request<ReaderSnapshot>(manager, present, GetStatus.Instance).State), Wait);
    }
}
