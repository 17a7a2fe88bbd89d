using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Integration.Tests.RealFleet;

/// <summary>pcsc-lite 1.9.9 refuses a status-change array longer than PCSCLITE_MAX_READERS_CONTEXTS (16), and the
/// PnP pseudo-reader counts: with all 16 fleet readers there is no room for it.</summary>
[Collection(RealFleetCollection.Name)]
public sealed class WaitArrayLimitTests(RealFleetFixture fixture)
{
    [Fact]
    public void A_wait_on_all_16_readers_works_but_adding_the_PnP_entry_is_an_invalid_parameter()
    {
        var fleet = fixture.Require();
        using var context = PcscContext.Establish(fixture.Api);
        var readers = fleet.Layout.Readers.Select(r => new ReaderStateEntry(r.ReaderName)).ToList();

        Assert.Equal(PcscError.Success, fixture.Api.GetStatusChange(context.RawHandle, TimeSpan.Zero, readers));

        var withPnp = readers.Select(r => new ReaderStateEntry(r.ReaderName))
            .Append(new ReaderStateEntry(ReaderStateEntry.PnpNotification)).ToList();
        Assert.Equal(PcscError.InvalidParameter, fixture.Api.GetStatusChange(context.RawHandle, TimeSpan.Zero, withPnp));
    }
}
