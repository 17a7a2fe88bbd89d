using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>The protocols a caller may ask SCardConnect/SCardReconnect for (see docs/pcsc-protocols.md): T0, T1 and
/// Raw. T15 names only a kind of ATR interface bytes, not a transmission protocol, so asking for it is bad input, not a
/// PC/SC failure. Undefined (no protocol) only makes sense for a Direct connection to the reader itself.</summary>
public static class PreferredProtocols
{
    public const CardProtocol Requestable = CardProtocol.T0 | CardProtocol.T1 | CardProtocol.Raw;

    public const string Rule = "T0, T1 and Raw (T15 is not a transmission protocol; Undefined only with share mode Direct)";

    public static bool Valid(CardProtocol protocols, ShareMode shareMode) =>
        (protocols & ~Requestable) == 0 && (protocols != CardProtocol.Undefined || shareMode == ShareMode.Direct);
}
