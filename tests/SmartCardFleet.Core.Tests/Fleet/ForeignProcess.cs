using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Core.Tests.Fleet;

/// <summary>"Another process" on the simulated PC/SC: its own context and handle, outside every actor, holding a
/// card's transaction until the spec ends it with <c>EndTransaction</c> on the returned handle.</summary>
internal static class ForeignProcess
{
    public static nint HoldTransaction(SimulatedPcsc pcsc, string readerName)
    {
        Assert.Equal(PcscError.Success, pcsc.EstablishContext(PcscScope.System, out var context));
        Assert.Equal(PcscError.Success, pcsc.Connect(context, readerName, ShareMode.Shared, CardProtocol.Any, out var card, out _));
        Assert.Equal(PcscError.Success, pcsc.BeginTransaction(card));
        return card;
    }
}
