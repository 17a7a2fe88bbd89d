using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Core.Tests.Readers.Plain;

/// <summary>The reader's plain classes without an ActorSystem: error policy, lease, restart history, card link.</summary>
public sealed class ReaderPlainClassTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(PcscError.NoService, PcscCallKind.Card, ReaderFailureReason.ServiceUnavailable, "ServiceLost")]
    [InlineData(PcscError.RemovedCard, PcscCallKind.Card, ReaderFailureReason.CardGone, "CardGone")]
    [InlineData(PcscError.ReaderUnavailable, PcscCallKind.Card, ReaderFailureReason.ReaderGone, "ReaderGone")]
    [InlineData(PcscError.InvalidHandle, PcscCallKind.Card, ReaderFailureReason.InvalidHandle, "HandleStale")]
    [InlineData(PcscError.SharingViolation, PcscCallKind.Card, ReaderFailureReason.SharingViolation, "None")]
    [InlineData(PcscError.NotTransacted, PcscCallKind.Card, ReaderFailureReason.PcscError, "ProbeCard")]
    [InlineData(PcscError.BrokenPipe, PcscCallKind.Card, ReaderFailureReason.PcscError, "Faulted")]
    public void The_error_policy_maps_a_code_to_a_reason_and_a_follow_up(PcscError error, PcscCallKind kind, ReaderFailureReason reason, string followUp)
    {
        var verdict = PcscErrorPolicy.Decide("SCardTransmit", error, kind);

        Assert.Equal((reason, Enum.Parse<ReaderFollowUp>(followUp)), (verdict.Reason, verdict.FollowUp));
        Assert.StartsWith("SCardTransmit failed", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_policy_acknowledges_a_foreign_reset_with_Leave_and_a_powered_down_card_with_Reset()
    {
        Assert.Equal(CardDisposition.Leave, PcscErrorPolicy.ReconnectFor(PcscError.ResetCard));
        Assert.Equal(CardDisposition.Reset, PcscErrorPolicy.ReconnectFor(PcscError.UnpoweredCard));
        Assert.Null(PcscErrorPolicy.ReconnectFor(PcscError.Success));
    }

    [Fact]
    public void A_lease_without_work_expires_with_Leave_and_with_work_with_the_configured_disposition()
    {
        var lease = new TransactionLease(TransactionId.New(), null, T0);
        Assert.Equal(CardDisposition.Leave, lease.DispositionOnExpiry(CardDisposition.Reset));
        Assert.Equal(lease.Id.ToString(), lease.Label);
        Assert.True(lease.Is(lease.Id));
        Assert.False(lease.Is(TransactionId.New()));

        lease.MarkWork();

        Assert.Equal(CardDisposition.Reset, lease.DispositionOnExpiry(CardDisposition.Reset));
        Assert.Equal("kiosk", new TransactionLease(TransactionId.New(), "kiosk", T0).Label);
    }

    [Fact]
    public void Failures_add_up_until_MaxRetries_unless_the_reader_ran_for_the_reset_period()
    {
        var timings = new ReaderTimings
        {
            Restart = new BackoffSettings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 0.5, 2),
            RestartResetAfter = TimeSpan.FromSeconds(30),
        };
        var history = RestartBackoff.None.Started(T0).After(T0.AddSeconds(1), timings);
        Assert.Equal((1, TimeSpan.FromSeconds(1)), (history.Failures, history.Delay(timings, 0)));

        history = history.Started(T0.AddSeconds(2)).After(T0.AddSeconds(3), timings);
        Assert.Equal((2, TimeSpan.FromSeconds(2)), (history.Failures, history.Delay(timings, 0)));
        Assert.False(history.GivesUp(timings));
        // Never started (no context): the count keeps growing whatever the time.
        Assert.True(history.After(T0.AddHours(1), timings).GivesUp(timings));
        // Ran for the reset period: the next failure is the first again.
        Assert.Equal(1, history.Started(T0.AddSeconds(4)).After(T0.AddSeconds(34), timings).Failures);
    }

    [Fact]
    public void The_card_link_connects_reads_the_ATR_drops_and_releases_everything_it_holds()
    {
        var pcsc = new SimulatedPcsc();
        var card = new StorageCard([1, 2, 3, 4]);
        pcsc.AddReader("R 00 00").Insert(card);
        var link = new CardLink(pcsc, "R 00 00", PcscScope.System);
        Assert.Equal(PcscError.Success, link.Establish());

        Assert.Equal(PcscError.Success, link.Connect(ShareMode.Shared, CardProtocol.Any, out var handle, out var active));
        var session = link.Take(handle, active, ShareMode.Shared, CardProtocol.Any);

        Assert.Equal(card.Atr, link.Atr);
        Assert.Equal((1, 1), (pcsc.OpenCardHandleCount, pcsc.OpenContextCount));
        Assert.True(link.HandleAlive());
        Assert.Equal(session, link.Release());
        Assert.Equal((0, 0, false), (pcsc.OpenCardHandleCount, pcsc.OpenContextCount, link.HasHandle));
        Assert.Null(link.Release());
    }

    [Fact]
    public void The_card_link_releases_a_handle_a_lock_call_connected_that_nobody_took()
    {
        var pcsc = new SimulatedPcsc();
        pcsc.AddReader("R 00 00").Insert(new StorageCard());
        var link = new CardLink(pcsc, "R 00 00", PcscScope.System);
        link.Establish();
        link.Connect(ShareMode.Shared, CardProtocol.Any, out var handle, out var active);

        link.ReleaseAfterLockCall(new LockCallResult(PcscError.Success, handle, active));

        Assert.Equal((0, 0), (pcsc.OpenCardHandleCount, pcsc.OpenContextCount));
    }
}
