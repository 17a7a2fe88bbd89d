namespace SmartCardFleet.Core.Tests.Fleet;

/// <summary>The two readers and card UIDs the ReaderRequests specs use (the UID tells which reader answered).</summary>
internal static class TwoReaders
{
    public const string ReaderA = "Reader A 00 00";
    public const string ReaderB = "Reader B 00 01";

    public static readonly byte[] UidA = [0x0A, 0x0A, 0x0A, 0x0A];
    public static readonly byte[] UidB = [0x0B, 0x0B, 0x0B, 0x0B];
}
