namespace SmartCardFleet.Pcsc;

/// <summary>One row of the PC/SC error table: exact code, C symbol, default class and a readable sentence.</summary>
public sealed record PcscErrorInfo(PcscError Error, string Symbol, PcscErrorClass Class, string Description)
{
    /// <summary>"the card was removed (SCARD_W_REMOVED_CARD 0x80100069)".</summary>
    public override string ToString() => $"{Description} ({Symbol} 0x{(uint)Error:X8})";
}
