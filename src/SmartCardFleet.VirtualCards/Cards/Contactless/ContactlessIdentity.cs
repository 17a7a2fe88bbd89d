namespace SmartCardFleet.VirtualCards.Cards.Contactless;

/// <summary>
/// What a PC/SC part 3 reader answers for the card in its field: GET DATA (FF CA) for the UID (P1 00) and the ATS
/// (P1 01). The reader firmware answers these, so every contactless personality shares this.
/// </summary>
public sealed class ContactlessIdentity
{
    public ContactlessIdentity(ReadOnlySpan<byte> uid, ReadOnlySpan<byte> ats)
    {
        if (uid.Length is not (4 or 7 or 10))
        {
            throw new ArgumentException("An ISO 14443 A UID has 4, 7 or 10 bytes.", nameof(uid));
        }

        Uid = uid.ToArray();
        Ats = ats.ToArray();
    }

    public IReadOnlyList<byte> Uid { get; }

    /// <summary>Empty for cards without ISO 14443-4 (then FF CA 01 00 answers 6A 81).</summary>
    public IReadOnlyList<byte> Ats { get; }

    /// <summary>True for FF CA, the part 3 GET DATA pseudo-APDU.</summary>
    public static bool IsGetData(CardCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.Cla == 0xFF && command.Ins == 0xCA;
    }

    /// <summary>Answers FF CA P1 00 Le: Le 00 means the whole value, a shorter Le gets 6C xx.</summary>
    public byte[] Answer(CardCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.P2 != 0)
        {
            return StatusWords.Only(StatusWords.IncorrectP1P2);
        }

        byte[] value = command.P1 switch
        {
            0x00 => [.. Uid],
            0x01 when Ats.Count > 0 => [.. Ats],
            0x01 => [],
            _ => [],
        };
        if (value.Length == 0)
        {
            return StatusWords.Only(command.P1 == 0x01 ? StatusWords.FunctionNotSupported : StatusWords.IncorrectP1P2);
        }

        if (command.HasLe && command.Ne != 256 && command.Ne < value.Length)
        {
            return StatusWords.Only(StatusWords.WrongLe(value.Length));
        }

        return StatusWords.WithData(value);
    }
}
