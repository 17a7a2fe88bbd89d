using System.Runtime.InteropServices;
using SmartCardFleet.Pcsc.Interop;
using SmartCardFleet.Pcsc.Tests.Fakes;
using Linux = SmartCardFleet.Pcsc.Interop.Linux;
using MacOS = SmartCardFleet.Pcsc.Interop.MacOS;
using Windows = SmartCardFleet.Pcsc.Interop.Windows;

namespace SmartCardFleet.Pcsc.Tests.Interop;

/// <summary>
/// The one SCardGetStatusChange marshaller, run with each platform's SCARD_READERSTATE against a scripted library
/// that reads and writes the native array the way the real one does. The specs live in
/// <see cref="StatusChangeMarshallingSpec{TReaderState}"/>; each platform class only says how its fields are read and
/// written (the structs are internal, so the public test class picks the platform by name).
/// </summary>
public sealed class StatusChangeMarshallingTests
{
    public static TheoryData<string> Platforms => ["Linux", "Windows", "MacOS"];

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Entries_go_out_with_their_names_and_current_states_and_come_back_with_event_states_and_atrs(
        string platform) => Spec(platform).Entries_go_out_and_come_back();

    [Theory]
    [MemberData(nameof(Platforms))]
    public void An_atr_length_beyond_the_struct_buffer_is_cut_to_the_buffer(string platform) =>
        Spec(platform).An_atr_length_beyond_the_buffer_is_cut();

    [Theory]
    [MemberData(nameof(Platforms))]
    public void When_the_call_fails_the_entries_keep_their_last_answer(string platform) =>
        Spec(platform).A_failed_call_leaves_the_entries_alone();

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Status_first_offers_an_atr_buffer_of_the_platform_size(string platform) =>
        Spec(platform).Status_offers_the_platform_atr_size();

    private static IStatusChangeMarshallingSpec Spec(string platform) => platform switch
    {
        "Linux" => new LinuxStatusChangeMarshalling(),
        "Windows" => new WindowsStatusChangeMarshalling(),
        "MacOS" => new MacOSStatusChangeMarshalling(),
        _ => throw new ArgumentOutOfRangeException(nameof(platform), platform, "no such platform"),
    };
}

internal interface IStatusChangeMarshallingSpec
{
    void Entries_go_out_and_come_back();

    void An_atr_length_beyond_the_buffer_is_cut();

    void A_failed_call_leaves_the_entries_alone();

    void Status_offers_the_platform_atr_size();
}

internal abstract class StatusChangeMarshallingSpec<TReaderState> : IStatusChangeMarshallingSpec
    where TReaderState : unmanaged, IReaderStateStruct<TReaderState>
{
    private const string NonAsciiReader = "Lecteur à puce ✓ 00 00";

    private readonly ScriptedNativeApi<TReaderState> _api = new();

    protected abstract int ExpectedAtrCapacity { get; }

    public void Entries_go_out_and_come_back()
    {
        var requests = new List<(string? Name, uint CurrentState)>();
        uint timeout = 0;
        _api.OnGetStatusChange = (milliseconds, states) =>
        {
            timeout = milliseconds;
            for (var i = 0; i < states.Length; i++)
            {
                requests.Add(ReadRequest(in states[i]));
                Report(ref states[i], 0x0004_0022u + (uint)i, 2);
                TReaderState.GetAtrBuffer(ref states[i])[0] = 0x3B;
                TReaderState.GetAtrBuffer(ref states[i])[1] = (byte)(0xA0 + i);
            }

            return PcscError.Success;
        };
        ReaderStateEntry[] entries = [new(NonAsciiReader, 0x0003_0010), new(ReaderStateEntry.PnpNotification, 0x0001_0000)];

        Assert.Equal(PcscError.Success, _api.GetStatusChange(1, TimeSpan.FromMilliseconds(1500), entries));

        Assert.Equal(1500u, timeout);
        Assert.Equal([(NonAsciiReader, 0x0003_0010u), (ReaderStateEntry.PnpNotification, 0x0001_0000u)], requests);
        Assert.Equal([0x0004_0022u, 0x0004_0023u], entries.Select(e => e.EventState));
        Assert.Equal([0x3B, 0xA0], entries[0].Atr);
        Assert.Equal([0x3B, 0xA1], entries[1].Atr);
    }

    public void An_atr_length_beyond_the_buffer_is_cut()
    {
        _api.OnGetStatusChange = (_, states) =>
        {
            Report(ref states[0], 0x22, 200);
            TReaderState.GetAtrBuffer(ref states[0]).Fill(0x5A);
            return PcscError.Success;
        };
        var entry = new ReaderStateEntry("Reader A");

        Assert.Equal(PcscError.Success, _api.GetStatusChange(1, TimeSpan.Zero, [entry]));

        Assert.Equal(Enumerable.Repeat((byte)0x5A, ExpectedAtrCapacity), entry.Atr);
    }

    public void A_failed_call_leaves_the_entries_alone()
    {
        _api.OnGetStatusChange = (_, states) =>
        {
            Report(ref states[0], 0x12, 1);
            return PcscError.Timeout;
        };
        var entry = new ReaderStateEntry("Reader A", 0x20) { EventState = 0x0002_0020, Atr = [0x3B] };

        Assert.Equal(PcscError.Timeout, _api.GetStatusChange(1, TimeSpan.Zero, [entry]));

        Assert.Equal(0x0002_0020u, entry.EventState);
        Assert.Equal([0x3B], entry.Atr);
    }

    public void Status_offers_the_platform_atr_size()
    {
        var offered = new List<int>();
        _api.OnStatus = (Span<byte> name, ref int nameUnits, Span<byte> atr, ref int atrLength) =>
        {
            offered.Add(atr.Length);
            atrLength = 0;
            return ScriptedNativeApi.Serve("Reader A\0", name, ref nameUnits);
        };

        Assert.Equal(PcscError.Success, _api.Status(0, out _));

        Assert.Equal([ExpectedAtrCapacity], offered);
    }

    /// <summary>What the library reads from one entry: <c>szReader</c> decoded and <c>dwCurrentState</c>.</summary>
    protected abstract (string? Name, uint CurrentState) ReadRequest(in TReaderState state);

    /// <summary>What the library writes back: <c>dwEventState</c> and <c>cbAtr</c>.</summary>
    protected abstract void Report(ref TReaderState state, uint eventState, uint atrLength);
}

internal sealed class LinuxStatusChangeMarshalling : StatusChangeMarshallingSpec<Linux.SCARD_READERSTATE>
{
    protected override int ExpectedAtrCapacity => 33;

    protected override (string? Name, uint CurrentState) ReadRequest(in Linux.SCARD_READERSTATE state) =>
        (Marshal.PtrToStringUTF8(state.szReader), (uint)state.dwCurrentState.Value);

    protected override void Report(ref Linux.SCARD_READERSTATE state, uint eventState, uint atrLength)
    {
        state.dwEventState = new CULong(eventState);
        state.cbAtr = new CULong(atrLength);
    }
}

internal sealed class WindowsStatusChangeMarshalling : StatusChangeMarshallingSpec<Windows.SCARD_READERSTATE>
{
    protected override int ExpectedAtrCapacity => 36;

    // SCARD_READERSTATEW: the name must be UTF-16, not UTF-8.
    protected override (string? Name, uint CurrentState) ReadRequest(in Windows.SCARD_READERSTATE state) =>
        (Marshal.PtrToStringUni(state.szReader), state.dwCurrentState);

    protected override void Report(ref Windows.SCARD_READERSTATE state, uint eventState, uint atrLength)
    {
        state.dwEventState = eventState;
        state.cbAtr = atrLength;
    }
}

internal sealed class MacOSStatusChangeMarshalling : StatusChangeMarshallingSpec<MacOS.SCARD_READERSTATE>
{
    protected override int ExpectedAtrCapacity => 33;

    protected override (string? Name, uint CurrentState) ReadRequest(in MacOS.SCARD_READERSTATE state) =>
        (Marshal.PtrToStringUTF8(state.szReader), state.dwCurrentState);

    protected override void Report(ref MacOS.SCARD_READERSTATE state, uint eventState, uint atrLength)
    {
        state.dwEventState = eventState;
        state.cbAtr = atrLength;
    }
}
