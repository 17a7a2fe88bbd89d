namespace SmartCardFleet.VirtualCards.Cards;

/// <summary>
/// A command APDU as the card parses it (ISO 7816-4 cases 1–4, short and extended). This is the card's own
/// parser, independent of the SDK's command type, so a card can answer malformed input with a status word.
/// </summary>
public sealed class CardCommand
{
    private CardCommand(byte cla, byte ins, byte p1, byte p2, byte[] data, int ne, bool hasLe, bool isExtended)
    {
        Cla = cla;
        Ins = ins;
        P1 = p1;
        P2 = p2;
        Data = data;
        Ne = ne;
        HasLe = hasLe;
        IsExtended = isExtended;
    }

    public byte Cla { get; }
    public byte Ins { get; }
    public byte P1 { get; }
    public byte P2 { get; }
    /// <summary>The command data field (empty for cases 1 and 2).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Maximum number of response bytes expected: 0 without Le; Le 00 means 256 (short) or 65536 (extended).</summary>
    public int Ne { get; }
    public bool HasLe { get; }
    public bool IsExtended { get; }

    /// <summary>P1 P2 as one big-endian number (GET DATA tags, file offsets).</summary>
    public int P1P2 => (P1 << 8) | P2;

    /// <summary>Parses a command APDU; on failure <paramref name="statusWord"/> tells the card what to answer.</summary>
    public static bool TryParse(ReadOnlySpan<byte> apdu, out CardCommand command, out ushort statusWord)
    {
        command = null!;
        statusWord = StatusWords.WrongLength;
        if (apdu.Length < 4)
        {
            return false;
        }

        var (cla, ins, p1, p2) = (apdu[0], apdu[1], apdu[2], apdu[3]);
        var body = apdu[4..];
        if (body.Length == 0)
        {
            command = new CardCommand(cla, ins, p1, p2, [], 0, false, false);
        }
        else if (body.Length == 1)
        {
            command = new CardCommand(cla, ins, p1, p2, [], body[0] == 0 ? 256 : body[0], true, false);
        }
        else if (body[0] != 0)
        {
            int lc = body[0];
            if (body.Length == 1 + lc)
            {
                command = new CardCommand(cla, ins, p1, p2, body.Slice(1, lc).ToArray(), 0, false, false);
            }
            else if (body.Length == 2 + lc)
            {
                int le = body[^1];
                command = new CardCommand(cla, ins, p1, p2, body.Slice(1, lc).ToArray(), le == 0 ? 256 : le, true, false);
            }
            else
            {
                return false;
            }
        }
        else
        {
            return TryParseExtended(cla, ins, p1, p2, body, out command);
        }

        statusWord = StatusWords.Success;
        return true;
    }

    private static bool TryParseExtended(byte cla, byte ins, byte p1, byte p2, ReadOnlySpan<byte> body, out CardCommand command)
    {
        command = null!;
        if (body.Length < 3)
        {
            return false;
        }

        int first = (body[1] << 8) | body[2];
        if (body.Length == 3)
        {
            command = new CardCommand(cla, ins, p1, p2, [], first == 0 ? 65536 : first, true, true);
            return true;
        }

        if (first == 0)
        {
            return false;
        }

        if (body.Length == 3 + first)
        {
            command = new CardCommand(cla, ins, p1, p2, body.Slice(3, first).ToArray(), 0, false, true);
            return true;
        }

        if (body.Length == 5 + first)
        {
            int le = (body[^2] << 8) | body[^1];
            command = new CardCommand(cla, ins, p1, p2, body.Slice(3, first).ToArray(), le == 0 ? 65536 : le, true, true);
            return true;
        }

        return false;
    }
}
