namespace SmartCardFleet.Core.Fleet;

/// <summary>An ATR with a mask (as in SCARD_ATRMASK / a minidriver's ATRMask): a card matches when its ATR has the
/// same length and equals <see cref="Atr"/> on every bit set in <see cref="Mask"/>.</summary>
public sealed record AtrPattern
{
    public AtrPattern(byte[] atr, byte[] mask)
    {
        ArgumentNullException.ThrowIfNull(atr);
        ArgumentNullException.ThrowIfNull(mask);
        if (atr.Length == 0 || atr.Length > 36 || mask.Length != atr.Length)
        {
            throw new ArgumentException($"an ATR pattern needs 1..36 ATR bytes and a mask of the same length (got {atr.Length} and {mask.Length})");
        }

        Atr = [.. atr];
        Mask = [.. mask];
    }

    public byte[] Atr { get; }

    public byte[] Mask { get; }

    /// <summary>Matches exactly this ATR.</summary>
    public static AtrPattern Exact(byte[] atr) => new(atr, [.. Enumerable.Repeat((byte)0xFF, atr?.Length ?? 0)]);

    /// <summary>From hex strings (spaces and colons allowed); a null mask means exact.</summary>
    public static AtrPattern Parse(string atrHex, string? maskHex = null)
    {
        var atr = Convert.FromHexString(Clean(atrHex));
        return maskHex is null ? Exact(atr) : new AtrPattern(atr, Convert.FromHexString(Clean(maskHex)));
    }

    public bool Matches(ReadOnlySpan<byte> atr)
    {
        if (atr.Length != Atr.Length)
        {
            return false;
        }

        for (var i = 0; i < atr.Length; i++)
        {
            if ((atr[i] & Mask[i]) != (Atr[i] & Mask[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => $"{Convert.ToHexString(Atr)}/{Convert.ToHexString(Mask)}";

    private static string Clean(string hex) =>
        hex.Replace(" ", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal);
}
