using SmartCardFleet.Abstractions;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Host.Api;

internal static class ReaderMapping
{
    public static ReaderDto ToDto(this ReaderSnapshot s) => new(
        s.ReaderId.Value, s.ReaderName, s.State.ToString(), s.Atr is null ? null : Hex.Format(s.Atr),
        s.Protocol?.ToString(), s.ShareMode?.ToString(), s.Session?.ToString(), s.InsertionCounter, s.TransactionHolder,
        s.AutoAttach, s.LastError?.ToDto())
    {
        Busy = s.Busy is { } busy ? new ReaderBusyDto(busy.Operation, busy.Since, Math.Round(busy.Elapsed.TotalMilliseconds), busy.ForeignLock) : null,
    };

    public static ReaderErrorDto ToDto(this ReaderFailure f) => new(f.ReaderId?.Value, f.Reason.ToString(), f.Message, f.Error?.ToString());

    public static TransmitResult ToDto(this Transmitted t) =>
        new(Hex.Format(t.Data), t.StatusWord.ToString("X4", System.Globalization.CultureInfo.InvariantCulture),
            Math.Round(t.Elapsed.TotalMilliseconds, 3));
}
