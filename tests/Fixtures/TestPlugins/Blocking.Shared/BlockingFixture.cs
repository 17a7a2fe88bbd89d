using System.Text;

namespace SmartCardFleet.TestFixtures;

/// <summary>
/// The ATRs and the AID shared by the blocking fixture plugins and the test cards made for them. Each fixture's ATR
/// carries its own eight historical bytes (3B 88 80 01 "BLKMATCH" TCK, ...), and each fixture matches only its exact
/// ATR, so a fixture catches only the test card inserted for it and never a shipped plugin's card.
/// </summary>
public static class BlockingFixture
{
    public const string MatchCard = "BLKMATCH";
    public const string ProbeCard = "BLKPROBE";
    public const string OperationCard = "BLKOPERA";
    public const string CpuBurnerCard = "CPUBURNR";

    /// <summary>F0 "SCFBLK": the application the fixture cards carry and the fixtures probe for.</summary>
    public static readonly byte[] Aid = [0xF0, 0x53, 0x43, 0x46, 0x42, 0x4C, 0x4B];

    /// <summary>3B 88 80 01 (T=0 and T=1 indicated, eight historical bytes), the eight bytes of <paramref name="name"/>,
    /// and the check byte.</summary>
    public static byte[] Atr(string name)
    {
        var historical = Encoding.ASCII.GetBytes(name);
        if (historical.Length != 8)
        {
            throw new ArgumentException("a fixture card's name is eight ASCII characters", nameof(name));
        }

        byte[] head = [0x3B, 0x88, 0x80, 0x01, .. historical];
        byte check = 0;
        foreach (var b in head.AsSpan(1))
        {
            check ^= b;
        }

        return [.. head, check];
    }
}
