namespace SmartCardFleet.Pcsc.Interop.Windows;

/// <summary>The values where winscard differs from pcsc-lite, kept pure so they are tested on every OS.</summary>
internal static class WinSCardMappings
{
    /// <summary>SCARD_PROTOCOL_RAW on Windows (pcsc-lite: 0x4).</summary>
    public const uint NativeRaw = 0x00010000;

    private const uint TransmissionMask = (uint)(CardProtocol.T0 | CardProtocol.T1);

    public static uint ToNativeProtocol(CardProtocol protocol)
    {
        var native = (uint)protocol & TransmissionMask;
        if (protocol.HasFlag(CardProtocol.Raw))
        {
            native |= NativeRaw;
        }

        return native;
    }

    public static CardProtocol FromNativeProtocol(uint native)
    {
        var protocol = (CardProtocol)(native & TransmissionMask);
        if ((native & NativeRaw) != 0)
        {
            protocol |= CardProtocol.Raw;
        }

        return protocol;
    }

    /// <summary>
    /// SCardStatus on Windows returns an ordinal 0–6 (SCARD_UNKNOWN … SCARD_SPECIFIC). Each later stage implies the
    /// earlier physical ones (a powered card is present and in position), so the flags are cumulative, which is what
    /// pcsc-lite reports for the same situations.
    /// </summary>
    public static CardState MapCardState(uint ordinal) => ordinal switch
    {
        0 => CardState.Unknown,
        1 => CardState.Absent,
        2 => CardState.Present,
        3 => CardState.Present | CardState.Swallowed,
        4 => CardState.Present | CardState.Swallowed | CardState.Powered,
        5 => CardState.Present | CardState.Swallowed | CardState.Powered | CardState.Negotiable,
        6 => CardState.Present | CardState.Swallowed | CardState.Powered | CardState.Specific,
        _ => CardState.Unknown,
    };
}
