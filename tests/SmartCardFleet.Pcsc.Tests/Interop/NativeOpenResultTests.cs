using SmartCardFleet.Pcsc.Tests.Fakes;

namespace SmartCardFleet.Pcsc.Tests.Interop;

/// <summary>The shared result handling of SCardEstablishContext/SCardConnect/SCardReconnect: whatever a failing
/// library leaves in its out-parameters never reaches the caller.</summary>
public sealed class NativeOpenResultTests
{
    [Fact]
    public void A_successful_connect_reports_the_handle_and_the_active_protocol()
    {
        var api = new ScriptedNativeApi { NativeOpenResult = (PcscError.Success, 0x77, 2) };
        Assert.Equal(PcscError.Success,
            api.Connect(1, "Reader A", ShareMode.Exclusive, CardProtocol.Any, out var card, out var protocol));
        Assert.Equal(0x77, card);
        Assert.Equal(CardProtocol.T1, protocol);
        Assert.Equal([(1u, 3u)], api.OpenCalls);
    }

    [Fact]
    public void When_connect_fails_no_handle_or_protocol_is_reported_even_if_the_library_wrote_one()
    {
        var api = new ScriptedNativeApi { NativeOpenResult = (PcscError.SharingViolation, 0x77, 2) };
        Assert.Equal(PcscError.SharingViolation,
            api.Connect(1, "Reader A", ShareMode.Shared, CardProtocol.T1, out var card, out var protocol));
        Assert.Equal(0, card);
        Assert.Equal(CardProtocol.Undefined, protocol);
    }

    [Fact]
    public void Connect_refuses_a_null_reader_name_before_calling_the_library()
    {
        var api = new ScriptedNativeApi();
        Assert.Throws<ArgumentNullException>(() =>
            api.Connect(1, null!, ShareMode.Shared, CardProtocol.T1, out _, out _));
        Assert.Empty(api.OpenCalls);
    }

    [Fact]
    public void Reconnect_reports_the_new_protocol_only_on_success()
    {
        var api = new ScriptedNativeApi { NativeOpenResult = (PcscError.Success, 0, 1) };
        Assert.Equal(PcscError.Success,
            api.Reconnect(0x77, ShareMode.Shared, CardProtocol.Any, CardDisposition.Reset, out var protocol));
        Assert.Equal(CardProtocol.T0, protocol);

        api.NativeOpenResult = (PcscError.RemovedCard, 0, 1);
        Assert.Equal(PcscError.RemovedCard,
            api.Reconnect(0x77, ShareMode.Shared, CardProtocol.Any, CardDisposition.Reset, out protocol));
        Assert.Equal(CardProtocol.Undefined, protocol);
    }

    [Fact]
    public void When_establishing_a_context_fails_the_context_is_zero()
    {
        var api = new ScriptedNativeApi { NativeOpenResult = (PcscError.NoService, 0x55, 0) };
        Assert.Equal(PcscError.NoService, api.EstablishContext(PcscScope.System, out var context));
        Assert.Equal(0, context);

        api.NativeOpenResult = (PcscError.Success, 0x55, 0);
        Assert.Equal(PcscError.Success, api.EstablishContext(PcscScope.System, out context));
        Assert.Equal(0x55, context);
    }
}
