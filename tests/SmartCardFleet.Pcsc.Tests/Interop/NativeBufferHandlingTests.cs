using SmartCardFleet.Pcsc.Tests.Fakes;

namespace SmartCardFleet.Pcsc.Tests.Interop;

public sealed class NativeBufferHandlingTests
{
    [Fact]
    public void When_a_reader_arrives_between_sizing_and_fetch_the_list_is_sized_again()
    {
        var api = new ScriptedNativeApi();
        var served = "Reader A\0\0";
        var calls = 0;
        api.OnListReaders = (Span<byte> buffer, ref int units) =>
        {
            calls++;
            var result = ScriptedNativeApi.Serve(served, buffer, ref units);
            // The list grows right after the first sizing call.
            served = "Reader A\0Reader B\0\0";
            return result;
        };

        Assert.Equal(PcscError.Success, api.ListReaders(0, null, out var readers));
        Assert.Equal(["Reader A", "Reader B"], readers);
        Assert.Equal(4, calls);
    }

    [Fact]
    public void No_readers_available_is_success_with_an_empty_list()
    {
        var api = new ScriptedNativeApi
        {
            OnListReaders = (Span<byte> _, ref int _) => PcscError.NoReadersAvailable,
        };
        Assert.Equal(PcscError.Success, api.ListReaders(0, null, out var readers));
        Assert.Empty(readers);
    }

    [Fact]
    public void When_the_list_keeps_changing_the_loop_gives_up_with_insufficient_buffer_instead_of_spinning()
    {
        var api = new ScriptedNativeApi();
        var calls = 0;
        api.OnListReaders = (Span<byte> buffer, ref int units) =>
        {
            calls++;
            units = calls * 10;
            return buffer.IsEmpty ? PcscError.Success : PcscError.InsufficientBuffer;
        };
        Assert.Equal(PcscError.InsufficientBuffer, api.ListReaders(0, null, out _));
        Assert.InRange(calls, 2, 20);
    }

    [Fact]
    public void Other_failures_are_returned_as_they_are()
    {
        var api = new ScriptedNativeApi { OnListReaders = (Span<byte> _, ref int _) => PcscError.NoService };
        Assert.Equal(PcscError.NoService, api.ListReaders(0, null, out var readers));
        Assert.Empty(readers);
    }

    [Fact]
    public void Status_retries_with_the_size_the_library_asked_for()
    {
        var longName = new string('R', 200);
        var api = new ScriptedNativeApi();
        var attempts = 0;
        api.OnStatus = (Span<byte> name, ref int nameUnits, Span<byte> atr, ref int atrLength) =>
        {
            attempts++;
            atr[0] = 0x3B;
            atrLength = 1;
            return ScriptedNativeApi.Serve(longName + "\0", name, ref nameUnits);
        };

        Assert.Equal(PcscError.Success, api.Status(0, out var status));
        Assert.Equal(longName, status.ReaderName);
        Assert.Equal([0x3B], status.Atr);
        Assert.Equal(CardProtocol.T1, status.Protocol);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public void Transmit_clamps_a_huge_receive_buffer_to_65538()
    {
        var api = new ScriptedNativeApi();
        Assert.Equal(PcscError.Success, api.Transmit(0, CardProtocol.T1, [0x00, 0xB0, 0x00, 0x00, 0x00], new byte[100_000], out var received));
        Assert.Equal(2, received);
        Assert.Equal([65538], api.ReceiveLengths);
    }

    [Fact]
    public void When_the_receive_buffer_cannot_hold_a_status_word_transmit_fails_without_calling_the_library()
    {
        var api = new ScriptedNativeApi();
        Assert.Equal(PcscError.InsufficientBuffer, api.Transmit(0, CardProtocol.T1, [0x00, 0xA4, 0x00, 0x00], new byte[1], out _));
        Assert.Equal(0, api.TransmitCalls);
    }

    [Fact]
    public void When_the_protocol_has_no_pci_transmit_reports_a_protocol_mismatch()
    {
        var api = new ScriptedNativeApi();
        Assert.Equal(PcscError.ProtoMismatch, api.Transmit(0, CardProtocol.Undefined, [0x00, 0xA4, 0x00, 0x00], new byte[2], out _));
        Assert.Equal(0, api.TransmitCalls);
    }

    [Fact]
    public void When_the_library_reports_success_without_a_status_word_transmit_reports_lost_data()
    {
        var api = new ScriptedNativeApi { TransmitResponse = [] };
        Assert.Equal(PcscError.CommDataLost, api.Transmit(0, CardProtocol.T1, [0x00, 0xA4, 0x00, 0x00], new byte[258], out var received));
        Assert.Equal(0, received);
    }

    [Fact]
    public void A_raw_protocol_exchange_may_return_fewer_than_two_bytes()
    {
        var api = new ScriptedNativeApi { TransmitResponse = [0x42] };
        Assert.Equal(PcscError.Success, api.Transmit(0, CardProtocol.Raw, [0x01], new byte[258], out var received));
        Assert.Equal(1, received);
    }

    [Fact]
    public void Control_encodes_the_function_number_and_clamps_output_to_65536()
    {
        var api = new ScriptedNativeApi();
        Assert.Equal(PcscError.Success, api.Control(0, PcscControlCode.GetFeatureRequest, [], new byte[70_000], out _));
        Assert.Equal([(0x42000D48u, 65536)], api.ControlCalls);
    }

    [Fact]
    public void GetAttrib_sizes_then_fetches()
    {
        var api = new ScriptedNativeApi();
        var calls = new List<int>();
        api.OnGetAttrib = (Span<byte> buffer, ref int length) =>
        {
            calls.Add(buffer.Length);
            if (!buffer.IsEmpty)
            {
                "vpcd"u8.CopyTo(buffer);
            }

            length = 4;
            return PcscError.Success;
        };

        Assert.Equal(PcscError.Success, api.GetAttrib(0, PcscAttributes.VendorName, out var value));
        Assert.Equal("vpcd"u8.ToArray(), value);
        Assert.Equal([0, 4], calls);
    }
}
