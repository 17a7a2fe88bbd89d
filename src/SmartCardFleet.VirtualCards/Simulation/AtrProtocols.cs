using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>Which transmission protocols an ATR offers (the TDi low nibbles; T=0 when no TD1 is present).</summary>
internal static class AtrProtocols
{
    public static CardProtocol Offered(ReadOnlySpan<byte> atr)
    {
        if (atr.Length < 2)
        {
            return CardProtocol.Any;
        }

        var offered = CardProtocol.Undefined;
        int index = 1;
        byte indicator = atr[index];
        bool first = true;
        while (true)
        {
            int presence = indicator >> 4;
            index += BitCount(presence & 0x7) + 1;
            if (!first)
            {
                offered |= ToProtocol(indicator & 0x0F);
            }

            if ((presence & 0x8) == 0 || index >= atr.Length)
            {
                break;
            }

            indicator = atr[index];
            first = false;
        }

        return offered == CardProtocol.Undefined ? CardProtocol.T0 : offered;
    }

    private static CardProtocol ToProtocol(int t) => t switch
    {
        0 => CardProtocol.T0,
        1 => CardProtocol.T1,
        _ => CardProtocol.Undefined,
    };

    private static int BitCount(int value) => System.Numerics.BitOperations.PopCount((uint)value);
}
