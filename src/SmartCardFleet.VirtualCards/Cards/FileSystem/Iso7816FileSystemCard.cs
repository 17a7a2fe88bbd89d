using System.Security.Cryptography;

namespace SmartCardFleet.VirtualCards.Cards.FileSystem;

/// <summary>
/// An ISO 7816-4 file-system card: SELECT (by FID, child DF/EF, parent, DF name, path), READ/UPDATE BINARY (with
/// short EF ids), READ RECORD, GET DATA, VERIFY with retry counters, GET CHALLENGE, GET RESPONSE chaining.
/// Files, data objects and retry counters persist across resets; the selection and verified PINs do not.
/// The security status is card-global (a simplification: ISO allows DF-local PINs).
/// Build one with <see cref="FileSystemCardBuilder"/> or take <see cref="DefaultPersonalisation.Create"/>.
/// </summary>
public class Iso7816FileSystemCard : VirtualCardBase
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

    /// <summary>CLA FF: commands a PC/SC part 3 reader would answer. None by default.</summary>
    protected virtual byte[] HandleReaderCommand(CardCommand command) => StatusWords.Only(StatusWords.ClassNotSupported);

    private byte[] Select(CardCommand command)
    {
        if ((command.P2 & 0xF3) != 0 && command.P1 != 0x04)
        {
            return StatusWords.Only(StatusWords.IncorrectP1P2);
        }

        if (command.P1 is > 0x04 and not (0x08 or 0x09))
        {
            return StatusWords.Only(StatusWords.IncorrectP1P2);
        }

        var data = command.Data.Span;
        if (command.P1 is 0x00 or 0x01 or 0x02 && data.Length is not (0 or 2))
        {
            return StatusWords.Only(StatusWords.WrongLength);
        }

        ushort fid = data.Length == 2 ? (ushort)((data[0] << 8) | data[1]) : MasterFileId;
        CardFile? target = command.P1 switch
        {
            0x00 => FindById(fid),
            0x01 => _currentDf.Child(fid) as DedicatedFile,
            0x02 => data.Length == 2 && _currentDf.Child(fid) is { } ef and not DedicatedFile ? ef : null,
            0x03 => _currentDf.Parent,
            0x04 => data.IsEmpty ? MasterFile : FindByName(MasterFile, data),
            0x08 => FollowPath(MasterFile, data),
            0x09 => FollowPath(_currentDf, data),
            _ => null,
        };
        if (target is null)
        {
            return StatusWords.Only(StatusWords.FileNotFound);
        }

        if (target is DedicatedFile df)
        {
            _currentDf = df;
            _currentEf = null;
        }
        else
        {
            _currentDf = target.Parent!;
            _currentEf = target;
        }

        var answer = FileControlParameters.For(target, command.P2);
        return answer.Length == 0 ? StatusWords.Only(StatusWords.Success) : RespondWithData(answer, command);
    }

    private CardFile? FindById(ushort fid)
    {
        if (fid == MasterFileId)
        {
            return MasterFile;
        }

        if (_currentDf.FileId == fid)
        {
            return _currentDf;
        }

        return _currentDf.Child(fid)
            ?? (_currentDf.Parent is { } parent ? (parent.FileId == fid ? parent : parent.Child(fid)) : null);
    }

    private static DedicatedFile? FindByName(DedicatedFile df, ReadOnlySpan<byte> name)
    {
        // ISO 7816-4 allows a right-truncated DF name: the first DF whose name starts with it is selected.
        if (df.Name.Count >= name.Length && df.Name.Take(name.Length).SequenceEqual(name.ToArray()))
        {
            return df;
        }

        foreach (var child in df.Children.OfType<DedicatedFile>())
        {
            if (FindByName(child, name) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static CardFile? FollowPath(DedicatedFile start, ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty || path.Length % 2 != 0)
        {
            return null;
        }

        CardFile node = start;
        for (int i = 0; i < path.Length; i += 2)
        {
            ushort fid = (ushort)((path[i] << 8) | path[i + 1]);
            if (i == 0 && fid == MasterFileId && start.Parent is null)
            {
                continue;
            }

            if (node is not DedicatedFile df || df.Child(fid) is not { } next)
            {
                return null;
            }

            node = next;
        }

        return node;
    }

    private bool Allowed(AccessCondition condition) =>
        condition.PinReference is not { } reference || (_pins.TryGetValue(reference, out var pin) && pin.IsVerified);

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
