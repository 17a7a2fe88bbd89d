using System.Security.Cryptography;

namespace SmartCardFleet.VirtualCards.Cards.FileSystem;

/// <summary>
/// An ISO 7816-4 file-system card: SELECT (by FID, child DF/EF, parent, DF name, path), READ/UPDATE BINARY (with
/// short EF ids), READ RECORD, GET DATA, VERIFY with retry counters, GET CHALLENGE, GET RESPONSE chaining.
/// Files, data objects and retry counters persist across resets; the selection and verified PINs do not.
/// The security status is card-global (a simplification: ISO allows DF-local PINs).
/// Build one with <see cref="FileSystemCardBuilder"/> or take <see cref="DefaultPersonalisation.Create"/>.
/// </summary>
public partial class Iso7816FileSystemCard : VirtualCardBase
{
    private const ushort MasterFileId = 0x3F00;
    private readonly Dictionary<byte, PinSlot> _pins;
    private readonly Dictionary<ushort, byte[]> _dataObjects;
    private DedicatedFile _currentDf;
    private CardFile? _currentEf;

    public Iso7816FileSystemCard(string cardType, ReadOnlySpan<byte> atr, DedicatedFile masterFile,
        IReadOnlyDictionary<byte, PinSlot> pins, IReadOnlyDictionary<ushort, byte[]> dataObjects)
        : base(cardType, atr)
    {
        ArgumentNullException.ThrowIfNull(masterFile);
        ArgumentNullException.ThrowIfNull(pins);
        ArgumentNullException.ThrowIfNull(dataObjects);
        if (masterFile.FileId != MasterFileId)
        {
            throw new ArgumentException("The master file is 3F00.", nameof(masterFile));
        }

        MasterFile = masterFile;
        _pins = new Dictionary<byte, PinSlot>(pins);
        _dataObjects = new Dictionary<ushort, byte[]>(dataObjects);
        _currentDf = masterFile;
    }

    public DedicatedFile MasterFile { get; }

    /// <summary>Retry counter of a PIN, for tests.</summary>
    public int PinTriesLeft(byte reference) => WithLock(() => _pins[reference].TriesLeft);

    protected override void OnReset()
    {
        _currentDf = MasterFile;
        _currentEf = null;
        foreach (var pin in _pins.Values)
        {
            pin.ClearVerified();
        }
    }

    protected override byte[] HandleCommand(CardCommand command)
    {
        if (command.Cla == 0xFF)
        {
            return HandleReaderCommand(command);
        }

        if ((command.Cla & 0x80) != 0)
        {
            return StatusWords.Only(StatusWords.ClassNotSupported);
        }

        return command.Ins switch
        {
            0xA4 => Select(command),
            0xB0 => ReadBinary(command),
            0xD6 => UpdateBinary(command),
            0xB2 => ReadRecord(command),
            0xCA => GetData(command),
            0x20 => Verify(command),
            0x84 => GetChallenge(command),
            _ => StatusWords.Only(StatusWords.InstructionNotSupported),
        };
    }

    /// <summary>False for cards whose SELECT answers only a status word (NFC Type 4 tags).</summary>
    protected virtual bool AnswersSelectWithControlParameters => true;

    /// <summary>CLA FF: commands a PC/SC part 3 reader would answer. None by default.</summary>
    protected virtual byte[] HandleReaderCommand(CardCommand command) => StatusWords.Only(StatusWords.ClassNotSupported);

    private bool Allowed(AccessCondition condition) => !condition.IsNever &&
        (condition.PinReference is not { } reference || (_pins.TryGetValue(reference, out var pin) && pin.IsVerified));

    /// <summary>Finds the EF of READ/UPDATE BINARY or READ RECORD: by short EF id (which also selects it) or the current EF.</summary>
    private ushort ResolveEf(byte? shortId, out CardFile file)
    {
        file = null!;
        if (shortId is { } sfi)
        {
            if (_currentDf.ChildByShortId(sfi) is not { } bySfi)
            {
                return StatusWords.FileNotFound;
            }

            _currentEf = bySfi;
        }

        if (_currentEf is null)
        {
            return StatusWords.CommandNotAllowedNoCurrentEf;
        }

        file = _currentEf;
        return StatusWords.Success;
    }

    private byte[] ReadBinary(CardCommand command)
    {
        var sw = ResolveBinary(command, out var ef, out int offset);
        if (sw != StatusWords.Success)
        {
            return StatusWords.Only(sw);
        }

        if (!Allowed(ef.Read))
        {
            return StatusWords.Only(StatusWords.SecurityStatusNotSatisfied);
        }

        if (offset > ef.Size)
        {
            return StatusWords.Only(StatusWords.WrongP1P2);
        }

        int available = ef.Size - offset;
        int wanted = command.HasLe ? command.Ne : 256;
        bool upTo = !command.HasLe || command.Ne == 256 || command.Ne == 65536;
        if (wanted > available && !upTo)
        {
            return StatusWords.WithData(ef.Content.AsSpan(offset, available), StatusWords.EndOfFileReached);
        }

        return StatusWords.WithData(ef.Content.AsSpan(offset, Math.Min(wanted, available)));
    }

    private byte[] UpdateBinary(CardCommand command)
    {
        var sw = ResolveBinary(command, out var ef, out int offset);
        if (sw != StatusWords.Success)
        {
            return StatusWords.Only(sw);
        }

        if (!Allowed(ef.Write))
        {
            return StatusWords.Only(StatusWords.SecurityStatusNotSatisfied);
        }

        if (command.Data.IsEmpty)
        {
            return StatusWords.Only(StatusWords.WrongLength);
        }

        if (offset + command.Data.Length > ef.Size)
        {
            return StatusWords.Only(offset > ef.Size ? StatusWords.WrongP1P2 : StatusWords.NotEnoughMemory);
        }

        command.Data.Span.CopyTo(ef.Content.AsSpan(offset));
        return StatusWords.Only(StatusWords.Success);
    }

    private ushort ResolveBinary(CardCommand command, out TransparentFile ef, out int offset)
    {
        ef = null!;
        bool bySfi = (command.P1 & 0x80) != 0;
        if (bySfi && (command.P1 & 0x60) != 0)
        {
            offset = 0;
            return StatusWords.IncorrectP1P2;
        }

        offset = bySfi ? command.P2 : command.P1P2 & 0x7FFF;
        var sw = ResolveEf(bySfi ? (byte)(command.P1 & 0x1F) : null, out var file);
        if (sw != StatusWords.Success)
        {
            return sw;
        }

        if (file is not TransparentFile transparent)
        {
            return StatusWords.IncompatibleFileStructure;
        }

        ef = transparent;
        return StatusWords.Success;
    }

    private byte[] ReadRecord(CardCommand command)
    {
        if ((command.P2 & 0x07) != 0x04 || command.P1 == 0)
        {
            return StatusWords.Only(StatusWords.IncorrectP1P2);
        }

        int sfi = command.P2 >> 3;
        var sw = ResolveEf(sfi == 0 ? null : (byte)sfi, out var file);
        if (sw != StatusWords.Success)
        {
            return StatusWords.Only(sw);
        }

        if (file is not RecordFile ef)
        {
            return StatusWords.Only(StatusWords.IncompatibleFileStructure);
        }

        if (!Allowed(ef.Read))
        {
            return StatusWords.Only(StatusWords.SecurityStatusNotSatisfied);
        }

        if (command.P1 > ef.Records.Count)
        {
            return StatusWords.Only(StatusWords.RecordNotFound);
        }

        return RespondFixedLength(ef.Records[command.P1 - 1], command);
    }

    private byte[] GetData(CardCommand command) =>
        _dataObjects.TryGetValue((ushort)command.P1P2, out var value)
            ? RespondFixedLength(value, command)
            : StatusWords.Only(StatusWords.ReferencedDataNotFound);

    private byte[] Verify(CardCommand command)
    {
        if (!_pins.TryGetValue(command.P2, out var pin))
        {
            return StatusWords.Only(StatusWords.ReferencedDataNotFound);
        }

        switch (command.P1)
        {
            case 0x00:
                return StatusWords.Only(pin.Verify(command.Data.Span));
            case 0xFF when command.Data.IsEmpty:
                pin.ClearVerified();
                return StatusWords.Only(StatusWords.Success);
            default:
                return StatusWords.Only(StatusWords.IncorrectP1P2);
        }
    }

    private static byte[] GetChallenge(CardCommand command)
    {
        const int challengeLength = 8;
        if (command.P1P2 != 0)
        {
            return StatusWords.Only(StatusWords.IncorrectP1P2);
        }

        if (command.Ne != challengeLength)
        {
            return StatusWords.Only(StatusWords.WrongLe(challengeLength));
        }

        return StatusWords.WithData(RandomNumberGenerator.GetBytes(challengeLength));
    }
}
