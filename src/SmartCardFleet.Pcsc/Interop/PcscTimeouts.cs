namespace SmartCardFleet.Pcsc.Interop;

/// <summary>Converts a managed timeout to the DWORD milliseconds of SCardGetStatusChange.</summary>
internal static class PcscTimeouts
{
    /// <summary>INFINITE as a 32-bit DWORD; zero-extended into 64-bit DWORDs, never sign-extended.</summary>
    public const uint Infinite = 0xFFFFFFFF;

    public static uint ToMilliseconds(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return Infinite;
        }

        if (timeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout,
                "A status-change timeout must be zero or positive, or Timeout.InfiniteTimeSpan.");
        }

        // Anything at or above INFINITE would silently become an infinite wait.
        return (uint)Math.Min(Math.Ceiling(timeout.TotalMilliseconds), Infinite - 1);
    }
}
