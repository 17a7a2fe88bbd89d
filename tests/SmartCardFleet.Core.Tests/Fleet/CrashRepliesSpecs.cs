using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Fleet;

/// <summary>A crash must not swallow the requests that were already waiting for the reader: Akka drops a stopped
/// actor's mailbox into dead letters, and the manager answers its readers' dead letters.</summary>
public sealed class CrashRepliesSpecs(ITestOutputHelper output) : FleetSpec(output)
{
    private const int Queued = 20;

    [Fact]
    public void Requests_queued_behind_a_crashing_request_are_all_answered()
    {
        var crashing = new FaultInjectingPcsc(Pcsc);
        var manager = StartManager(api: crashing);
        var a = AddReaderWithCard("Reader A 00 00");
        crashing.CrashNextTransmits("Reader A 00 00", 1);
        var client = CreateTestProbe();

        manager.Tell(new ToReader(a, new Transmit(GetUid)), client.Ref);
        for (var i = 0; i < Queued; i++)
        {
            manager.Tell(new ToReader(a, GetStatus.Instance), client.Ref);
        }

        Assert.Equal(ReaderFailureReason.ReaderGone, client.ExpectMsg<ReaderFailure>(Wait).Reason);
        for (var i = 0; i < Queued; i++)
        {
            var reply = client.ExpectMsg<object>(Wait);
            Assert.True(reply is ReaderSnapshot or ReaderFailure { Reason: ReaderFailureReason.ReaderGone }, $"unexpected {reply}");
        }
    }
}
