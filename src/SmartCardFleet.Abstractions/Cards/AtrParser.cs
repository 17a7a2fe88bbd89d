using System.Diagnostics.CodeAnalysis;

namespace SmartCardFleet.Abstractions.Cards;

/// <summary>Walks the ATR structure of ISO/IEC 7816-3 section 8.2: TS, T0, TAi/TBi/TCi/TDi, historical bytes, TCK.</summary>
internal static class AtrParser
{
    public static bool TryParse(ReadOnlySpan<byte> b, [NotNullWhen(true)] out Atr? atr, out string error)
    {
        atr = null;
        if (b.Length < 2)
        {
            error = $"An ATR needs at least TS and T0; got {b.Length} byte(s) (truncated ATR).";
            return false;
        }

        if (b[0] is not ((byte)AtrConvention.Direct or (byte)AtrConvention.Inverse))
        {
            error = $"TS must be 3B (direct) or 3F (inverse convention); got {b[0]:X2}.";
            return false;
        }

        var groups = new List<AtrInterfaceGroup>();
        var historicalLength = b[1] & 0x0F;
        var presence = b[1] >> 4;
        var at = 2;
        var tckRequired = false;
        for (var level = 1; presence != 0; level++)
        {
            byte? ta = null, tb = null, tc = null, td = null;
            if (!TryTake(b, ref at, presence & 0x1, ref ta, "TA", level, out error)
                || !TryTake(b, ref at, presence & 0x2, ref tb, "TB", level, out error)
                || !TryTake(b, ref at, presence & 0x4, ref tc, "TC", level, out error)
                || !TryTake(b, ref at, presence & 0x8, ref td, "TD", level, out error))
            {
                return false;
            }

            var group = new AtrInterfaceGroup(level, ta, tb, tc, td);
            groups.Add(group);
            if (group.NextProtocol is { } t && t != 0)
            {
                tckRequired = true;
            }

            presence = td is { } next ? next >> 4 : 0;
        }

        var expected = at + historicalLength + (tckRequired ? 1 : 0);
        if (b.Length < expected)
        {
            error = $"Truncated ATR: the structure announces {historicalLength} historical byte(s)"
                + (tckRequired ? " and a TCK (a protocol other than T=0 is indicated)" : string.Empty)
                + $", so {expected} bytes are needed; got {b.Length}.";
            return false;
        }

        if (b.Length > expected)
        {
            error = $"ATR has {b.Length - expected} unexpected trailing byte(s): the structure ends after {expected} bytes"
                + (tckRequired ? string.Empty : " (no TCK, since only T=0 is indicated)") + ".";
            return false;
        }

        atr = Atr.Create(b.ToArray(), groups, at, historicalLength, tckRequired);
        error = string.Empty;
        return true;
    }

    private static bool TryTake(ReadOnlySpan<byte> b, ref int at, int present, ref byte? value, string name, int level, out string error)
    {
        error = string.Empty;
        if (present == 0)
        {
            return true;
        }

        if (at >= b.Length)
        {
            error = $"Truncated ATR: {name}{level} is announced but the ATR ends after {b.Length} bytes.";
            return false;
        }

        value = b[at++];
        return true;
    }
}
