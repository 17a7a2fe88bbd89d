using SmartCardFleet.Abstractions;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>The card every round-trip figure uses: the MIFARE Classic storage card, exchanging GET DATA (UID).</summary>
public static class BenchCards
{
    public static ReadOnlyMemory<byte> StorageAtr { get; } = Hex.Parse("3B8F8001804F0CA000000306030001000000006A");

    public static byte[] GetUidBytes { get; } = [0xFF, 0xCA, 0x00, 0x00, 0x00];

    public static StorageCard NewStorageCard(int serial) =>
        new([0x04, (byte)(serial >> 16), (byte)(serial >> 8), (byte)serial]);

    /// <summary>Blocks on the caller's thread until PC/SC reports the reader present (or empty) and returns when it
    /// saw it; throws on timeout. Used both as the "raw waiter" of figure 3 and to settle state between steps.</summary>
    public static void WaitForPresence(IPcscApi api, string reader, bool present, TimeSpan timeout)
    {
        using var context = PcscContext.Establish(api);
        var entry = new ReaderStateEntry(reader);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{reader} did not become {(present ? "present" : "empty")} within {timeout}");
            }

            var error = api.GetStatusChange(context.RawHandle, remaining, [entry]);
            if (error is not (PcscError.Success or PcscError.Timeout))
            {
                throw new InvalidOperationException($"SCardGetStatusChange on {reader} failed: {error}");
            }

            if (entry.EventFlags.HasFlag(ReaderStateFlags.Present) == present && error == PcscError.Success)
            {
                return;
            }

            entry.Acknowledge();
        }
    }
}
