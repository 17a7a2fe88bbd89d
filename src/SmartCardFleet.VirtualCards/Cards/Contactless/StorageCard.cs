namespace SmartCardFleet.VirtualCards.Cards.Contactless;

/// <summary>
/// A MIFARE Classic 1K seen through a PC/SC part 3 reader: part 3 ATR, FF CA for UID/ATS, FF B0 read binary and
/// FF D6 update binary of 16-byte blocks. Keys are accepted (FF 82, FF 86) but not enforced; block 0 (UID and
/// manufacturer data) is read-only. Block content persists across resets.
/// </summary>
public sealed class StorageCard : VirtualCardBase
{
    public const int BlockSize = 16;
    public const int BlockCount = 64;

    /// <summary>Standard byte 03 = ISO 14443 A part 3; card name 00 01 = MIFARE Classic 1K (PC/SC part 3 supplement).</summary>
    public const byte StandardIso14443AType3 = 0x03;
    public const ushort CardNameMifareClassic1K = 0x0001;

    private static readonly byte[] DefaultUid = [0x04, 0xA2, 0x3B, 0x91];
    private static readonly byte[] TransportTrailer =
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x80, 0x69, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    private readonly byte[] _memory = new byte[BlockCount * BlockSize];

    /// <param name="uid">4 (default) or 7 bytes.</param>
    /// <param name="ats">Empty (default, a MIFARE Classic has no ATS): FF CA 01 00 answers 6A 81.</param>
    public StorageCard(byte[]? uid = null, byte[]? ats = null)
        : base("storage-mifare-classic-1k", AnswerToReset.Part3StorageCard(StandardIso14443AType3, CardNameMifareClassic1K))
    {
        Identity = new ContactlessIdentity(uid ?? DefaultUid, ats ?? []);
        WriteManufacturerBlock();
        for (int block = 3; block < BlockCount; block += 4)
        {
            TransportTrailer.CopyTo(_memory, block * BlockSize);
        }
    }

    public ContactlessIdentity Identity { get; }

    /// <summary>A copy of one block, for tests.</summary>
    public byte[] ReadBlock(int block) =>
        WithLock(() => _memory.AsSpan(block * BlockSize, BlockSize).ToArray());

    protected override byte[] HandleCommand(CardCommand command)
    {
        if (command.Cla != 0xFF)
        {
            return StatusWords.Only(StatusWords.ClassNotSupported);
        }

        return command.Ins switch
        {
            0xCA => Identity.Answer(command),
            0xB0 => ReadBinary(command),
            0xD6 => UpdateBinary(command),
            0x82 or 0x86 => StatusWords.Only(StatusWords.Success),
            _ => StatusWords.Only(StatusWords.InstructionNotSupported),
        };
    }

    private byte[] ReadBinary(CardCommand command)
    {
        int count = !command.HasLe || command.Ne == 256 ? BlockSize : command.Ne;
        if (command.P1 != 0 || count % BlockSize != 0)
        {
            return StatusWords.Only(command.P1 != 0 ? StatusWords.WrongP1P2 : StatusWords.WrongLength);
        }

        if (command.P2 + (count / BlockSize) > BlockCount)
        {
            return StatusWords.Only(StatusWords.FileNotFound);
        }

        return StatusWords.WithData(_memory.AsSpan(command.P2 * BlockSize, count));
    }

    private byte[] UpdateBinary(CardCommand command)
    {
        int length = command.Data.Length;
        if (command.P1 != 0)
        {
            return StatusWords.Only(StatusWords.WrongP1P2);
        }

        if (length == 0 || length % BlockSize != 0)
        {
            return StatusWords.Only(StatusWords.WrongLength);
        }

        if (command.P2 + (length / BlockSize) > BlockCount)
        {
            return StatusWords.Only(StatusWords.FileNotFound);
        }

        if (command.P2 == 0)
        {
            // Block 0 holds the UID and is written at the factory: part 3 readers report a plain failure.
            return StatusWords.Only(StatusWords.OperationFailed);
        }

        command.Data.Span.CopyTo(_memory.AsSpan(command.P2 * BlockSize));
        return StatusWords.Only(StatusWords.Success);
    }

    private void WriteManufacturerBlock()
    {
        var uid = Identity.Uid;
        for (int i = 0; i < uid.Count; i++)
        {
            _memory[i] = uid[i];
        }

        if (uid.Count == 4)
        {
            _memory[4] = (byte)(uid[0] ^ uid[1] ^ uid[2] ^ uid[3]);
            _memory[5] = 0x08; // SAK of a Classic 1K
            _memory[6] = 0x04; // ATQA
            _memory[7] = 0x00;
        }
    }
}
