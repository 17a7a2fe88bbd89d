using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>Checks a request's own fields (lengths, enum values, lease length) so bad input gets a clear error
/// instead of a PC/SC code.</summary>
internal static class RequestValidation
{
    public static string? Problem(object message, ReaderSettings settings) => message switch
    {
        Transmit { Command: null } => "Transmit needs a command APDU",
        Transmit { Command.Length: < Transmit.MinLength or > Transmit.MaxLength } t =>
            $"a command APDU is {Transmit.MinLength}..{Transmit.MaxLength} bytes (CLA INS P1 P2 [Lc data] [Le]); got {t.Command.Length}",
        Control { Data: null } => "Control needs a data array (empty is fine)",
        Control { Data.Length: > Control.MaxLength } c => $"Control input is at most {Control.MaxLength} bytes; got {c.Data.Length}",
        Attach a when !Enum.IsDefined(a.ShareMode) => $"unknown share mode {(int)a.ShareMode}",
        Attach a when !ProtocolsValid(a.Protocols, a.ShareMode) =>
            "Attach needs protocols T0, T1, Raw or T15 (Undefined only with ShareMode.Direct)",
        AttachByHandle { Handle: 0 } => "AttachByHandle needs a non-zero card handle",
        Reconnect r when !Enum.IsDefined(r.ShareMode) || !Enum.IsDefined(r.Initialization) =>
            "Reconnect needs a known share mode and initialization (Leave, Reset or Unpower)",
        Reconnect { Initialization: CardDisposition.Eject } => "Reconnect cannot eject; initialization is Leave, Reset or Unpower",
        Reconnect r when !ProtocolsValid(r.Protocols, r.ShareMode) => "Reconnect needs protocols T0, T1, Raw or T15",
        Detach d when !Enum.IsDefined(d.Disposition) => $"unknown disposition {(int)d.Disposition}",
        EndTransaction e when !Enum.IsDefined(e.Disposition) => $"unknown disposition {(int)e.Disposition}",
        BeginTransaction b when b.MaxHold <= TimeSpan.Zero || b.MaxHold > settings.MaxTransactionHold =>
            $"a transaction lease is between 0 and {settings.MaxTransactionHold}; got {b.MaxHold}",
        _ => null,
    };

    private static bool ProtocolsValid(CardProtocol protocols, ShareMode shareMode)
    {
        const CardProtocol known = CardProtocol.T0 | CardProtocol.T1 | CardProtocol.Raw | CardProtocol.T15;
        return (protocols & ~known) == 0 && (protocols != CardProtocol.Undefined || shareMode == ShareMode.Direct);
    }
}
