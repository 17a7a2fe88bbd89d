using SmartCardFleet.Pcsc;

namespace SmartCardFleet.VirtualCards.Simulation;

/// <summary>pcsc-lite's sharing and protocol rules for a new or renewed connection. Under the simulation gate.</summary>
internal static class SharingRules
{
    public static PcscError CheckConnectable(SimulatedReader reader, ShareMode shareMode, SimHandle? except)
    {
        if (shareMode != ShareMode.Direct)
        {
            if (reader.Card is null)
            {
                return PcscError.NoSmartcard;
            }

            if (reader.CardIsMute || reader.Card.Faults.Mute)
            {
                return PcscError.UnresponsiveCard;
            }
        }

        bool othersConnected = reader.Connections.Any(c => c != except);
        bool otherExclusive = reader.Connections.Any(c => c != except && c.ShareMode == ShareMode.Exclusive);
        if (otherExclusive || (shareMode == ShareMode.Exclusive && othersConnected))
        {
            return PcscError.SharingViolation;
        }

        return PcscError.Success;
    }

    /// <summary>The card's protocol is fixed by the first connection after power-up; later ones must accept it.</summary>
    public static PcscError Negotiate(SimulatedReader reader, CardProtocol preferred, out CardProtocol active)
    {
        active = CardProtocol.Undefined;
        if (reader.ActiveProtocol != CardProtocol.Undefined)
        {
            if ((preferred & reader.ActiveProtocol) == 0)
            {
                return PcscError.ProtoMismatch;
            }

            active = reader.ActiveProtocol;
            return PcscError.Success;
        }

        var offered = AtrProtocols.Offered(reader.Card!.Atr);
        active = (preferred & offered & CardProtocol.T1) != 0 ? CardProtocol.T1
            : (preferred & offered & CardProtocol.T0) != 0 ? CardProtocol.T0
            : (preferred & CardProtocol.Raw) != 0 ? CardProtocol.Raw
            : CardProtocol.Undefined;
        if (active == CardProtocol.Undefined)
        {
            return PcscError.ProtoMismatch;
        }

        reader.ActiveProtocol = active;
        return PcscError.Success;
    }
}
