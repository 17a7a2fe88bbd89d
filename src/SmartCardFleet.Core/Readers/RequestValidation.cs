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
        Attach a when !PreferredProtocols.Valid(a.Protocols, a.ShareMode) => $"Attach takes protocols {PreferredProtocols.Rule}",
        AttachByHandle { Handle: 0 } => "AttachByHandle needs a non-zero card handle",
        Reconnect r when !Enum.IsDefined(r.ShareMode) || !Enum.IsDefined(r.Initialization) =>
            "Reconnect needs a known share mode and initialization (Leave, Reset or Unpower)",
        Reconnect { Initialization: CardDisposition.Eject } => "Reconnect cannot eject; initialization is Leave, Reset or Unpower",
        Reconnect r when !PreferredProtocols.Valid(r.Protocols, r.ShareMode) => $"Reconnect takes protocols {PreferredProtocols.Rule}",
        Detach d when !Enum.IsDefined(d.Disposition) => $"unknown disposition {(int)d.Disposition}",
        EndTransaction e when !Enum.IsDefined(e.Disposition) => $"unknown disposition {(int)e.Disposition}",
        BeginTransaction b when b.MaxHold <= TimeSpan.Zero || b.MaxHold > settings.MaxTransactionHold =>
            $"a transaction lease is between 0 and {settings.MaxTransactionHold}; got {b.MaxHold}",
        TransmitBatch b => BatchProblem(b),
        _ => null,
    };

    private static string? BatchProblem(TransmitBatch batch)
    {
        if (batch.Commands is not { Count: > 0 and <= TransmitBatch.MaxCommands } commands)
        {
            return $"TransmitBatch takes 1..{TransmitBatch.MaxCommands} command APDUs";
        }

        if (batch.Atomic && batch.Transaction is not null)
        {
            return "TransmitBatch is either Atomic (its own transaction) or inside the caller's Transaction, not both";
        }

        var total = 0L;
        for (var i = 0; i < commands.Count; i++)
        {
            if (commands[i] is not { Length: >= Transmit.MinLength and <= Transmit.MaxLength } command)
            {
                return $"command {i} of the batch is not {Transmit.MinLength}..{Transmit.MaxLength} bytes (CLA INS P1 P2 [Lc data] [Le])";
            }

            total += command.Length;
        }

        return total > TransmitBatch.MaxBytes ? $"the batch carries {total} command bytes; at most {TransmitBatch.MaxBytes}" : null;
    }
}
