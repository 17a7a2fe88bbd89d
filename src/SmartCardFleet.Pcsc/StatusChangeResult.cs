namespace SmartCardFleet.Pcsc;

/// <summary>How a SCardGetStatusChange wait ended without a fault.</summary>
public enum StatusChangeResult
{
    /// <summary>At least one entry's state differs from its current state; read the entries' EventState.</summary>
    Changed,

    /// <summary>SCARD_E_TIMEOUT: nothing changed within the timeout.</summary>
    TimedOut,

    /// <summary>SCARD_E_CANCELLED: another thread called <see cref="PcscContext.Cancel"/>.</summary>
    Cancelled,
}
